package cn.cunxin.impl.handover

import cn.cunxin.api.handover.BatchInfo
import cn.cunxin.api.handover.BatchState
import cn.cunxin.api.handover.Batches
import cn.cunxin.api.handover.HandOverOutcome
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.handover.ReturnedHousehold
import cn.cunxin.api.handover.SealProgress
import cn.cunxin.api.handover.SealedBatch
import cn.cunxin.api.handover.UploadProgress
import cn.cunxin.api.handover.Waiting
import cn.cunxin.core.BatchLine
import cn.cunxin.core.HandOverProgress
import cn.cunxin.core.LifecycleState
import cn.cunxin.ffi.HandOverListener
import cn.cunxin.ffi.SealListener
import cn.cunxin.core.BatchState as CoreBatchState
import cn.cunxin.core.SealProgress as CoreSealProgress
import cn.cunxin.ffi.HandOverResult
import cn.cunxin.impl.cancellableCore
import cn.cunxin.impl.core
import cn.cunxin.impl.settings.CoreStoreSettings
import cn.cunxin.ffi.Store as FfiStore

internal class CoreBatches(private val store: FfiStore, private val settings: CoreStoreSettings) : Batches {
    override suspend fun waiting(): Waiting {
        val states = core { store.listHouseholds() }.map { it.state }
        val sealed = states.filterIsInstance<LifecycleState.Sealed>()
        return Waiting(states.count { it is LifecycleState.Finalized }, sealed.map { it.batch }.distinct().size, sealed.size)
    }

    override suspend fun seal(onProgress: (SealProgress) -> Unit): SealedBatch {
        val recipients = settings.bankRecipients()
        val listener = object : SealListener {
            override fun progress(progress: CoreSealProgress) = onProgress(
                SealProgress(progress.batchId, progress.householdsDone.toInt(), progress.householdsTotal.toInt(), progress.bytesDone.toLong()),
            )
        }
        return cancellableCore { token -> store.sealBatch(recipients, listener, token) }.let {
            SealedBatch(it.batchId, it.households.toInt(), it.files.toInt(), it.batchBytes.toLong())
        }
    }

    override suspend fun list(): List<BatchInfo> = core { store.batches() }.map { it.toApi() }

    override suspend fun handOver(http: HttpClient, onProgress: (UploadProgress) -> Unit): List<HandOverOutcome> {
        val endpoint = settings.uploadAddress()
        val platformKey = settings.platformKey()
        val listener = object : HandOverListener {
            override fun progress(progress: HandOverProgress) = onProgress(progress.toApi())
        }
        return cancellableCore { token -> store.handOver(endpoint, platformKey, CoreHttpClient(http), listener, token) }
            .map { it.toApi() }
    }

    override suspend fun exportTo(folder: String): List<String> = core { store.exportBatches(folder) }

    override suspend fun importAnswers(folder: String): List<HandOverOutcome> {
        val platformKey = settings.platformKey()
        return core { store.takeAnswerFiles(folder, platformKey) }.map { it.toApi() }
    }
}

private fun BatchLine.toApi() = BatchInfo(
    batchId = batchId,
    sealedAt = sealedAt,
    households = households.toInt(),
    state = when (state) {
        CoreBatchState.SEALED -> BatchState.SEALED
        CoreBatchState.EXPORTED -> BatchState.EXPORTED
        CoreBatchState.UPLOADED -> BatchState.UPLOADED
        CoreBatchState.REOPENED -> BatchState.REOPENED
        CoreBatchState.REFUSED -> BatchState.REFUSED
    },
    batchBytes = batchBytes?.toLong(),
    bytesUploaded = bytesUploaded?.toLong(),
    exportedAt = exportedAt,
    receiptId = receiptId,
    receivedAt = receivedAt,
    returned = returned.map { ReturnedHousehold(it.household, it.reason) },
    refusedReason = refusedReason,
)

private fun HandOverProgress.toApi() = UploadProgress(batchId, index.toInt(), batches.toInt(), offset.toLong(), length.toLong())

internal fun HandOverResult.toApi(): HandOverOutcome = when (val reason = refused) {
    null -> HandOverOutcome.Received(
        batchId,
        receiptId.orEmpty(),
        uploaded,
        returned.map { ReturnedHousehold(it.household, it.reason) },
        filesDestroyed.toInt(),
    )
    else -> HandOverOutcome.Refused(batchId, reason)
}
