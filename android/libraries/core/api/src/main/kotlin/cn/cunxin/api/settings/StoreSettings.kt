package cn.cunxin.api.settings

/** Settings behind the grid manager's PIN: keys and their fingerprints, the scorecard, the upload address, the store's own key. */
interface StoreSettings {
    suspend fun current(): Settings

    /** The scorecard in use: a built-in name or a bank's definition text (checked first; INVALID_INPUT lists the first problem). */
    suspend fun setScorecard(nameOrDefinition: String)

    /** The bank's age recipient keys (`age1…`, one per line); BAD_KEY for one that is not. */
    suspend fun setBankRecipients(text: String)

    /** The platform's minisign public key (`.pub` text) that signs receipts; BAD_KEY for one that is not. */
    suspend fun setPlatformKey(text: String)

    /** The tus upload address, e.g. https://cunxin.bank.example/uploads/ ; INVALID_INPUT for one that is not http(s). */
    suspend fun setUploadAddress(url: String)

    /** Where objections to the public notice (公示) go; null until the branch enters it. */
    suspend fun noticeContact(): NoticeContact?

    /** Keeps the branch's name and telephone for the notice; INVALID_INPUT for a blank name or a telephone that is not one. */
    suspend fun setNoticeContact(contact: NoticeContact)

    /** The device's public key (`device.pub` text) for the bank to register. */
    suspend fun devicePublicKey(): String

    /** Changes the passphrase of a passphrase store (WRONG_PASSPHRASE when [current] is wrong); photos are not re-encrypted. */
    suspend fun changePassphrase(current: CharArray, new: CharArray)

    /**
     * Rotates the raw key of a Keystore store (crash-safe, photos are not re-encrypted): keep
     * [newKey] as pending in the Keystore before the call; the bytes are wiped after use.
     */
    suspend fun rotateKey(newKey: ByteArray)

    /** Rotates the key of a passphrase store; the new random key is wrapped by the same passphrase. */
    suspend fun rotateKeyWithPassphrase(passphrase: CharArray)
}

data class Settings(
    val scorecard: String,
    val scorecardVersion: String,
    val bankRecipients: List<KeyInfo>,
    val platformKey: KeyInfo?,
    val uploadAddress: String?,
    val deviceKey: KeyInfo,
    /** True when the store is opened by passphrase (branch PC), false for a Keystore key. */
    val passphrase: Boolean,
)

/** The branch that takes objections to the public notice, and its telephone (digits, with - or spaces). */
data class NoticeContact(val branch: String, val telephone: String) {
    /** Why this contact cannot be kept, in English for the failure's detail; null when it can. */
    val problem: String?
        get() = when {
            branch.isBlank() -> "the branch's name is empty"
            !telephone.trim().matches(Regex("""[0-9][0-9 -]{5,18}[0-9]""")) -> "the telephone must be digits, with - or spaces, e.g. 0379-6321 0000"
            else -> null
        }
}

/** A public key and the fingerprint to read out over the telephone. */
data class KeyInfo(val text: String, val fingerprint: String)
