package cn.cunxin.features.handover

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.handover.HandOverOutcome
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.handover.SealProgress
import cn.cunxin.api.handover.UploadProgress
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.builders.aPhotoSummary
import cn.cunxin.test.fakes.FakeFieldStore
import cn.cunxin.test.fakes.FakePlatform
import kotlinx.coroutines.runBlocking

/** The hand-over centre's states worth seeing, each from a fake store driven as the branch would drive it. */
object HandOverStateProvider {
    private val noHttp = HttpClient { error("the fake platform is scripted") }
    private const val NO_CREDIT = "缺少征信查询授权签字 / no signed credit-inquiry authorization"

    /** A store whose households H001… are finalized with three photos each; [first] of them sealed into batch B1. */
    private fun storeWith(households: Int, first: Int = 0): FakeFieldStore = FakeFieldStore().apply {
        batches.chunkBytes = 1 shl 20
        batches.bytesPerHousehold = 1_850_000
        (1..households).forEach { n ->
            val id = "H%03d".format(n)
            add(aHousehold(id).apply { repeat(3) { photos += aPhotoSummary("P$n-$it") } }, if (n <= first) HouseholdState.FINALIZED else HouseholdState.IN_PROGRESS)
        }
        if (first > 0) runBlocking { batches.seal() }
        world.households.values.filter { it.state == HouseholdState.IN_PROGRESS }.forEach { it.state = HouseholdState.FINALIZED }
    }

    private fun FakeFieldStore.state(vararg returned: String): HandOverState = runBlocking {
        val listed = batches.list()
        HandOverState(
            loading = false, waiting = batches.waiting(), batches = listed,
            returnedStates = returned.associateWith { world.household(it).state },
        )
    }

    private fun FakeFieldStore.handOver(platform: FakePlatform): Map<String, Int> = runBlocking {
        batches.answerNext(platform)
        runCatching { batches.handOver(noHttp) }.getOrDefault(emptyList())
            .filterIsInstance<HandOverOutcome.Received>().associate { it.batchId to it.filesDestroyed }
    }

    val states: List<Pair<String, HandOverState>> by lazy {
        listOf(
            "empty" to HandOverState(loading = false),
            "ready" to storeWith(5, first = 2).run {
                val destroyed = handOver(FakePlatform.Receives())
                state().copy(filesDestroyed = destroyed)
            },
            "sealing" to storeWith(5).state().copy(working = Work.SEAL, sealProgress = SealProgress("B1", 2, 5, 2048)),
            "uploading" to storeWith(5, first = 2).run {
                handOver(FakePlatform.Unreachable(chunksTaken = 2))
                runBlocking { batches.seal() }
                val b1 = runBlocking { batches.list() }.last()
                state().copy(working = Work.HAND_OVER, upload = UploadProgress(b1.batchId, 0, 2, b1.bytesUploaded!!, b1.batchBytes!!))
            },
            "receipt" to storeWith(3, first = 3).run {
                val destroyed = handOver(FakePlatform.Receives(mapOf("H002" to NO_CREDIT)))
                state("H002").copy(filesDestroyed = destroyed)
            },
            "reopened" to storeWith(3, first = 3).run {
                val destroyed = handOver(FakePlatform.Receives(mapOf("H002" to NO_CREDIT)))
                runBlocking { visits.reopen("H002", NO_CREDIT) }
                state("H002").copy(filesDestroyed = destroyed)
            },
            "paused" to storeWith(2, first = 2).run {
                handOver(FakePlatform.Unreachable(chunksTaken = 2))
                state().copy(paused = true)
            },
            "cut" to storeWith(2, first = 2).run {
                handOver(FakePlatform.Unreachable(chunksTaken = 2))
                state().copy(failure = CunxinFailure(FailureCode.NETWORK, "no answer from the upload address after 3 tries"))
            },
            "refused" to storeWith(2, first = 2).run {
                handOver(FakePlatform.Refuses("the upload carries no signature; send the batch's .minisig text as the upload metadata"))
                state()
            },
            "usb" to storeWith(2, first = 2).run {
                val written = runBlocking { batches.exportTo("/media/usb") }
                state().copy(exportedFiles = written.size, failure = CunxinFailure(FailureCode.RECEIPT_INVALID, "the receipt's signature does not verify with the platform key"))
            },
        )
    }
}
