package cn.cunxin.test.fakes

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
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
import cn.cunxin.api.households.HouseholdState

/** How the fake platform answers one hand-over (or one USB import); tests and state providers script these. */
sealed interface FakePlatform {
    /** Stops answering after [chunksTaken] chunks: NETWORK, and the upload keeps its place for the next hand-over. */
    data class Unreachable(val chunksTaken: Int = 0) : FakePlatform

    /** Takes every waiting batch and answers with a verified receipt that sends [returned] back (household → reason). */
    data class Receives(val returned: Map<String, String> = emptyMap()) : FakePlatform

    /** Takes every waiting batch and refuses each whole, for [reason]; its households stay sealed. */
    data class Refuses(val reason: String) : FakePlatform
}

/**
 * Sealing, the hand-over and receipts as the core does them, against a scripted platform:
 * [answerNext] queues how the next hand-overs go; with nothing queued there is no platform to
 * reach (NETWORK), as a fake store has none. A batch uploads in chunks of [chunkBytes], each
 * reported as progress; a cut or cancelled upload resumes from where it stopped.
 */
class FakeBatches internal constructor(private val world: FakeWorld) : Batches {
    private val batches = mutableListOf<BatchInfo>()
    private val members = mutableMapOf<String, List<String>>()
    private val answers = ArrayDeque<FakePlatform>()

    var chunkBytes = 256L

    /** The sealed file's size per household (a real one is mostly its photos). */
    var bytesPerHousehold = 1024L

    /** Called after each chunk (suspend in it to hold an upload mid-way, as a slow link does). */
    var afterChunk: suspend (UploadProgress) -> Unit = {}

    fun answerNext(vararg platforms: FakePlatform) {
        answers.addAll(platforms)
    }

    override suspend fun waiting(): Waiting = Waiting(
        world.households.values.count { it.state == HouseholdState.FINALIZED },
        waitingBatches().size,
        world.households.values.count { it.state == HouseholdState.SEALED },
    )

    override suspend fun seal(onProgress: (SealProgress) -> Unit): SealedBatch {
        val finalized = world.households.values.filter { it.state == HouseholdState.FINALIZED }
        if (finalized.isEmpty()) throw CunxinFailure(FailureCode.NOTHING_TO_SEAL, "no finalized household to seal")
        val id = "B${batches.size + 1}"
        finalized.forEachIndexed { i, h ->
            h.state = HouseholdState.SEALED
            onProgress(SealProgress(id, i + 1, finalized.size, bytesPerHousehold * (i + 1)))
        }
        val sealed = SealedBatch(id, finalized.size, finalized.sumOf { it.photos.size }, bytesPerHousehold * finalized.size)
        members[id] = finalized.map { it.id }
        batches.add(0, BatchInfo(id, world.now(), sealed.households, BatchState.SEALED, sealed.batchBytes, null, null, null, null, emptyList(), null))
        world.audit("seal", null)
        return sealed
    }

    override suspend fun list(): List<BatchInfo> = batches.toList()

    override suspend fun handOver(http: HttpClient, onProgress: (UploadProgress) -> Unit): List<HandOverOutcome> {
        val waiting = waitingBatches()
        if (waiting.isEmpty()) return emptyList()
        val platform = answers.removeFirstOrNull() ?: FakePlatform.Unreachable()
        var chunksLeft = (platform as? FakePlatform.Unreachable)?.chunksTaken ?: Int.MAX_VALUE
        return waiting.mapIndexed { index, batch ->
            val total = batch.batchBytes ?: 0L
            var done = batch.bytesUploaded ?: 0L
            while (done < total) {
                if (chunksLeft-- <= 0) throw CunxinFailure(FailureCode.NETWORK, "the platform stopped answering")
                done = minOf(total, done + chunkBytes)
                replace(batch.batchId) { it.copy(bytesUploaded = done) }
                val progress = UploadProgress(batch.batchId, index, waiting.size, done, total)
                onProgress(progress)
                afterChunk(progress)
            }
            if (platform is FakePlatform.Unreachable) throw CunxinFailure(FailureCode.NETWORK, "the platform gave no receipt")
            answer(batch.batchId, platform)
        }
    }

    /** Marks the waiting batches exported and names the files a real export writes (nothing is written). */
    override suspend fun exportTo(folder: String): List<String> {
        val waiting = waitingBatches()
        batches.replaceAll { b -> if (b in waiting && b.state == BatchState.SEALED) b.copy(state = BatchState.EXPORTED, exportedAt = world.now()) else b }
        return waiting.flatMap { listOf("${it.batchId}.tar.age", "${it.batchId}.tar.age.minisig") }
    }

    /** The folder holds the bank's answers to the exported batches when one is queued; otherwise it holds none. */
    override suspend fun importAnswers(folder: String): List<HandOverOutcome> {
        val exported = batches.filter { it.state == BatchState.EXPORTED }
        val platform = answers.firstOrNull()
        if (exported.isEmpty() || platform == null || platform is FakePlatform.Unreachable) return emptyList()
        answers.removeFirst()
        return exported.map { answer(it.batchId, platform) }
    }

    /** Batches whose file is still on the device and that have no receipt: sealed, exported or refused. */
    private fun waitingBatches(): List<BatchInfo> =
        batches.filter { it.state == BatchState.SEALED || it.state == BatchState.EXPORTED || it.state == BatchState.REFUSED }.reversed()

    private fun answer(batchId: String, platform: FakePlatform): HandOverOutcome = when (platform) {
        is FakePlatform.Refuses -> {
            replace(batchId) { it.copy(state = BatchState.REFUSED, refusedReason = platform.reason, bytesUploaded = null) }
            HandOverOutcome.Refused(batchId, platform.reason)
        }
        is FakePlatform.Receives -> receive(batchId, platform.returned)
        is FakePlatform.Unreachable -> throw CunxinFailure(FailureCode.NETWORK, "the platform gave no receipt")
    }

    /** Applies a verified receipt: the accepted households are purged (photos, thumbnails and signatures destroyed), the returned go back to finalized. */
    private fun receive(batchId: String, returned: Map<String, String>): HandOverOutcome.Received {
        val inBatch = members.getValue(batchId)
        val sentBack = inBatch.filter { it in returned }.map { ReturnedHousehold(it, returned.getValue(it)) }
        val uploaded = inBatch.filter { it !in returned }
        var destroyed = 0
        uploaded.forEach { id ->
            val h = world.household(id)
            destroyed += h.photos.size * 2 + h.consents.size
            h.photos.clear()
            h.consents.clear()
            h.state = HouseholdState.PURGED
        }
        sentBack.forEach { world.household(it.household).state = HouseholdState.FINALIZED }
        val receiptId = "R-$batchId"
        replace(batchId) { it.copy(state = BatchState.UPLOADED, receiptId = receiptId, receivedAt = world.now(), returned = sentBack, refusedReason = null) }
        world.audit("receipt", null)
        return HandOverOutcome.Received(batchId, receiptId, uploaded, sentBack, destroyed)
    }

    private fun replace(batchId: String, change: (BatchInfo) -> BatchInfo) {
        batches.replaceAll { if (it.batchId == batchId) change(it) else it }
    }
}
