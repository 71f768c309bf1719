package cn.cunxin.api.handover

/**
 * The hand-over centre: sealing finalized households into a batch for the bank, uploading sealed
 * batches (resumable after a cut or a restarted app), the bank's receipt, purge, and the USB way.
 * Nothing is purged without a receipt that verifies with the platform's key.
 *
 * Long calls report progress through their callback (called on the core's IO thread; post it to
 * the UI) and stop when their coroutine is cancelled: a cancelled upload keeps its place and the
 * next [handOver] goes on from there. Other calls of the store work while they run.
 */
interface Batches {
    /** How many finalized households wait to be sealed, and how many sealed batches wait for a receipt. */
    suspend fun waiting(): Waiting

    /** Seals every finalized household into one batch for the bank's keys in settings. NOTHING_TO_SEAL when none. */
    suspend fun seal(onProgress: (SealProgress) -> Unit = {}): SealedBatch

    /** Every batch this device sealed, newest first, with its state and receipt. */
    suspend fun list(): List<BatchInfo>

    /**
     * Uploads every sealed batch waiting to the upload address in settings over [http], verifies
     * each receipt with the platform key in settings, and purges what the bank accepted.
     * NETWORK when the platform stops answering (the upload resumes next time); CANCELLED when the
     * coroutine was cancelled.
     */
    suspend fun handOver(http: HttpClient, onProgress: (UploadProgress) -> Unit = {}): List<HandOverOutcome>

    /** Copies every waiting batch, its signature and the device's public key into [folder] (a USB stick); returns the files written. */
    suspend fun exportTo(folder: String): List<String>

    /** Takes the bank's answer files (`*.receipt.json`) from [folder] (USB): verifies each with the platform key in settings, purges what was accepted. */
    suspend fun importAnswers(folder: String): List<HandOverOutcome>
}

data class Waiting(val finalizedHouseholds: Int, val sealedBatches: Int, val sealedHouseholds: Int)

data class SealProgress(val batchId: String, val householdsDone: Int, val householdsTotal: Int, val bytesDone: Long)

/** Where an upload stands: [batch] of [batches], bytes the server has of this batch. */
data class UploadProgress(
    val batchId: String,
    val batch: Int,
    val batches: Int,
    val bytesDone: Long,
    val bytesTotal: Long,
) {
    val fraction: Double get() = if (bytesTotal == 0L) 1.0 else bytesDone.toDouble() / bytesTotal
}

data class SealedBatch(val batchId: String, val households: Int, val files: Int, val batchBytes: Long)

enum class BatchState {
    /** Waiting for upload (see [BatchInfo.bytesUploaded] for an upload under way). */
    SEALED,

    /** Copied to a USB drive, waiting for the platform's answer. */
    EXPORTED,

    /** The platform's receipt is held. */
    UPLOADED,

    /** Abandoned before upload; its households were unsealed to be sealed again. */
    REOPENED,

    /** The platform refused the whole batch ([BatchInfo.refusedReason]); its households stay sealed. */
    REFUSED,
}

data class BatchInfo(
    val batchId: String,
    val sealedAt: String,
    val households: Int,
    val state: BatchState,
    /** The encrypted file's size while it is on the device. */
    val batchBytes: Long?,
    /** For a waiting batch: the bytes the platform had when last seen, once an upload began. */
    val bytesUploaded: Long?,
    val exportedAt: String?,
    val receiptId: String?,
    val receivedAt: String?,
    val returned: List<ReturnedHousehold>,
    val refusedReason: String?,
) {
    val uploading: Boolean get() = bytesUploaded != null && state != BatchState.UPLOADED
}

/** A household the platform sent back, and why, to be reopened, corrected and sealed again. */
data class ReturnedHousehold(val household: String, val reason: String)

/** What the hand-over of one batch did. */
sealed interface HandOverOutcome {
    val batchId: String

    /** The platform's receipt was verified: [uploaded] households are purged from the device. */
    data class Received(
        override val batchId: String,
        val receiptId: String,
        val uploaded: List<String>,
        val returned: List<ReturnedHousehold>,
        val filesDestroyed: Int,
    ) : HandOverOutcome

    /** The platform refused the whole batch; it stays sealed on the device. */
    data class Refused(override val batchId: String, val reason: String) : HandOverOutcome
}
