package cn.cunxin.api

/**
 * A failure of the core that the calling screen did not model as a result. [code] is what a screen
 * switches on (designsystem maps each code to its zh-CN and English text); [detail] is one
 * sentence from the core, in English, safe to show in a "details" line and to log: the core masks
 * every name, ID number and phone number in it.
 */
class CunxinFailure(
    val code: FailureCode,
    val detail: String,
    /** For [FailureCode.UNLOCK_DELAYED]: how long to wait before the next try. */
    val retryAfterSeconds: Long? = null,
    cause: Throwable? = null,
) : RuntimeException("$code: $detail", cause)

/** Every kind of failure the core reports; each gets its own screen text. */
enum class FailureCode {
    /** The input is wrong; [CunxinFailure.detail] says what and how to fix it. */
    INVALID_INPUT,

    /** The key does not open the store. Nothing was changed. */
    WRONG_KEY,

    /** The passphrase does not open the store. Nothing was changed; the next try waits a little longer. */
    WRONG_PASSPHRASE,

    /** Too many wrong passphrases in a row: wait [CunxinFailure.retryAfterSeconds] before the next try. */
    UNLOCK_DELAYED,

    /** There is no store in the folder; create one first. */
    NO_STORE,

    /** A store already exists in the folder; open it instead. */
    STORE_EXISTS,

    /** The store is open in another program (or another window). */
    STORE_IN_USE,

    /** The store was written by a newer Cunxin; update the app. */
    STORE_TOO_NEW,

    /** The store's database is damaged; nothing was changed, restore from a backup. */
    STORE_DAMAGED,

    /** One encrypted photo or signature is damaged; take it again. */
    FILE_DAMAGED,

    /** The device is full; everything saved before is intact. */
    DISK_FULL,

    /** Reading or writing the device's storage failed for another reason. */
    STORAGE,

    /** What was asked for does not exist (a household, a photo, a file). */
    NOT_FOUND,

    /** The action is not allowed in the household's (or batch's) current state. */
    NOT_ALLOWED_IN_STATE,

    /** There are no finalized households to seal. */
    NOTHING_TO_SEAL,

    /** A bank, platform or device key given in settings is not a valid key. */
    BAD_KEY,

    /** The platform could not be reached or stopped answering; nothing was lost, the upload resumes. */
    NETWORK,

    /** The platform refused the upload (its answer says why); nothing was deleted. */
    SERVER_REFUSED,

    /** The platform has no room for the batch now; try again later, nothing was deleted. */
    SERVER_FULL,

    /** The platform does not know this device: the branch registers its device key first. */
    DEVICE_NOT_REGISTERED,

    /** The platform refused this device's request signature (most often the device's clock is wrong). */
    SIGNATURE_REFUSED,

    /** The platform's receipt does not verify with its key: nothing was deleted. */
    RECEIPT_INVALID,

    /** A batch or answer file failed verification (signature, manifest, not for this key). */
    BATCH_INVALID,

    /** The call was cancelled; what was done so far is kept (an upload resumes). */
    CANCELLED,

    /** A bug in Cunxin (including a panic in the core); worth reporting. */
    BUG,
}
