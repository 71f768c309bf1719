package cn.cunxin.features.handover

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.handover.BatchInfo
import cn.cunxin.api.handover.SealProgress
import cn.cunxin.api.handover.UploadProgress
import cn.cunxin.api.handover.Waiting
import cn.cunxin.api.households.HouseholdState

/** The one long call the screen runs at a time. */
enum class Work { SEAL, HAND_OVER, EXPORT, IMPORT, REOPEN }

data class HandOverState(
    val loading: Boolean = true,
    val waiting: Waiting = Waiting(0, 0, 0),
    /** Newest first, as the core lists them. */
    val batches: List<BatchInfo> = emptyList(),
    /** Each returned household's state now, so only a still-returned one offers Reopen. */
    val returnedStates: Map<String, HouseholdState> = emptyMap(),
    val working: Work? = null,
    val sealProgress: SealProgress? = null,
    val upload: UploadProgress? = null,
    /** Set when the grid manager paused an upload; the next hand-over resumes it. */
    val paused: Boolean = false,
    /** Batch → files its verified receipt destroyed on this device (known for receipts taken on this screen). */
    val filesDestroyed: Map<String, Int> = emptyMap(),
    val exportedFiles: Int? = null,
    val answersImported: Int? = null,
    val failure: CunxinFailure? = null,
) {
    val canSeal: Boolean get() = !loading && working == null && waiting.finalizedHouseholds > 0
    val canHandOver: Boolean get() = !loading && working == null && waiting.sealedBatches > 0
    val canImport: Boolean get() = !loading && working == null

    /** Bytes the platform has of [batch] and its size, while an upload of it is under way or was cut. */
    fun uploadOf(batch: BatchInfo): Pair<Long, Long>? {
        val live = upload?.takeIf { it.batchId == batch.batchId && working == Work.HAND_OVER }
        return when {
            live != null -> live.bytesDone to live.bytesTotal
            batch.uploading && batch.batchBytes != null -> batch.bytesUploaded!! to batch.batchBytes!!
            else -> null
        }
    }

    fun reopenable(household: String): Boolean = working == null && returnedStates[household] == HouseholdState.FINALIZED
}

sealed interface HandOverEvent {
    data object Seal : HandOverEvent

    data object HandOver : HandOverEvent

    /** Stops the upload where it is; the next [HandOver] goes on from there. */
    data object Pause : HandOverEvent

    /** Opens a household the bank returned, with the bank's reason in its history. */
    data class Reopen(val household: String) : HandOverEvent

    data object ExportToUsb : HandOverEvent

    data object ImportFromUsb : HandOverEvent

    data object Refresh : HandOverEvent
}
