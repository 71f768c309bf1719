package cn.cunxin.features.handover

import cn.cunxin.api.FailureCode
import cn.cunxin.api.handover.BatchState
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.handover.UploadProgress
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.builders.aPhotoSummary
import cn.cunxin.test.fakes.FakeFieldStore
import cn.cunxin.test.fakes.FakePlatform
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

@OptIn(ExperimentalCoroutinesApi::class)
class HandOverPresenterTest {
    /** Two finalized households, each with a house photo, so a receipt has files to destroy. */
    private val store = FakeFieldStore().apply {
        listOf("H001", "H002").forEach { id -> add(aHousehold(id).apply { photos += aPhotoSummary("P-$id") }, HouseholdState.FINALIZED) }
    }
    private val http = HttpClient { error("the fake platform is scripted; no HTTP call is made") }
    private var folder: String? = "/media/usb"
    private val noCredit = "缺少征信查询授权签字 / no signed credit-inquiry authorization"

    private fun TestScope.presenter(): HandOverPresenter {
        val d = StandardTestDispatcher(testScheduler)
        return HandOverPresenter(store, http, { folder }, backgroundScope, CoroutineDispatchers(d, d, d)).also { runCurrent() }
    }

    private fun TestScope.sealed(): HandOverPresenter = presenter().also {
        it.onEvent(HandOverEvent.Seal)
        runCurrent()
    }

    @Test
    fun `sealing reports its progress and leaves one batch waiting for hand-over`() = runTest {
        val p = presenter()
        assertEquals(2, p.state.value.waiting.finalizedHouseholds)
        assertFalse(p.state.value.canHandOver)
        p.onEvent(HandOverEvent.Seal)
        assertEquals(Work.SEAL, p.state.value.working)
        runCurrent()
        val state = p.state.value
        assertNull(state.working)
        assertEquals(2 to 2, state.sealProgress?.let { it.householdsDone to it.householdsTotal })
        assertEquals(0 to 1, state.waiting.finalizedHouseholds to state.waiting.sealedBatches)
        assertEquals(BatchState.SEALED, state.batches.single().state)
        assertTrue(state.canHandOver && !state.canSeal)
    }

    @Test
    fun `a hand-over shows progress, takes the receipt, counts the files destroyed, and a returned household reopens with the bank's reason`() = runTest {
        val p = sealed()
        store.batches.answerNext(FakePlatform.Receives(mapOf("H002" to noCredit)))
        val progress = mutableListOf<UploadProgress>()
        store.batches.afterChunk = { progress += p.state.value.upload!! }
        p.onEvent(HandOverEvent.HandOver)
        runCurrent()

        assertEquals(listOf(256L, 512L, 768L, 1024L, 1280L, 1536L, 1792L, 2048L), progress.map { it.bytesDone })
        assertTrue(progress.all { it.bytesTotal == 2048L && it.batch == 0 && it.batches == 1 })
        val state = p.state.value
        val batch = state.batches.single()
        assertEquals(BatchState.UPLOADED, batch.state)
        assertEquals(mapOf(batch.batchId to 2), state.filesDestroyed, "H001's photo and its thumbnail")
        assertEquals(HouseholdState.PURGED, store.world.households.getValue("H001").state)
        assertEquals(listOf("H002"), batch.returned.map { it.household })
        assertTrue(state.reopenable("H002"))
        assertFalse(state.reopenable("H001"))

        p.onEvent(HandOverEvent.Reopen("H002"))
        runCurrent()
        assertEquals(HouseholdState.IN_PROGRESS, p.state.value.returnedStates["H002"])
        assertFalse(p.state.value.reopenable("H002"), "reopened once, no second button")
        assertTrue(store.world.households.getValue("H002").history.any { it.summary.contains("no signed credit-inquiry authorization") })
    }

    @Test
    fun `no platform reached is a NETWORK failure that keeps the bytes sent, and the next hand-over resumes from them`() = runTest {
        val p = sealed()
        store.batches.answerNext(FakePlatform.Unreachable(chunksTaken = 3), FakePlatform.Receives())
        p.onEvent(HandOverEvent.HandOver)
        runCurrent()
        val cut = p.state.value
        assertEquals(FailureCode.NETWORK, cut.failure?.code)
        assertEquals(768L to 2048L, cut.uploadOf(cut.batches.single()))
        assertEquals(HouseholdState.SEALED, store.world.households.getValue("H001").state, "nothing purged without a receipt")

        val resumed = mutableListOf<Long>()
        store.batches.afterChunk = { resumed += it.bytesDone }
        p.onEvent(HandOverEvent.HandOver)
        runCurrent()
        assertEquals(1024L, resumed.first(), "goes on after the 768 bytes the platform had")
        assertNull(p.state.value.failure)
        assertEquals(BatchState.UPLOADED, p.state.value.batches.single().state)
    }

    @Test
    fun `pausing stops the upload where it is, purges nothing, and says it resumes`() = runTest {
        val p = sealed()
        val hold = CompletableDeferred<Unit>()
        store.batches.answerNext(FakePlatform.Receives())
        store.batches.afterChunk = { if (it.bytesDone == 512L) hold.await() }
        p.onEvent(HandOverEvent.HandOver)
        runCurrent()
        assertEquals(Work.HAND_OVER, p.state.value.working)
        assertEquals(512L, p.state.value.upload?.bytesDone)

        p.onEvent(HandOverEvent.Pause)
        runCurrent()
        val state = p.state.value
        assertNull(state.working)
        assertTrue(state.paused)
        assertNull(state.failure)
        assertEquals(512L to 2048L, state.uploadOf(state.batches.single()))
        assertEquals(HouseholdState.SEALED, store.world.households.getValue("H002").state)
        assertTrue(state.canHandOver)
    }

    @Test
    fun `a refused batch stays on the device with the bank's reason and nothing destroyed`() = runTest {
        val p = sealed()
        store.batches.answerNext(FakePlatform.Refuses("the upload carries no signature"))
        p.onEvent(HandOverEvent.HandOver)
        runCurrent()
        val batch = p.state.value.batches.single()
        assertEquals(BatchState.REFUSED to "the upload carries no signature", batch.state to batch.refusedReason)
        assertEquals(emptyMap<String, Int>(), p.state.value.filesDestroyed)
        assertEquals(HouseholdState.SEALED, store.world.households.getValue("H001").state)
        assertTrue(p.state.value.canHandOver, "a refused batch can be sent again")
    }

    @Test
    fun `the USB way writes the waiting batch to the chosen folder and takes the bank's answers from it`() = runTest {
        val p = sealed()
        folder = null
        p.onEvent(HandOverEvent.ExportToUsb)
        runCurrent()
        assertEquals(BatchState.SEALED, p.state.value.batches.single().state, "no folder chosen, nothing written")

        folder = "/media/usb"
        p.onEvent(HandOverEvent.ExportToUsb)
        runCurrent()
        assertEquals(2, p.state.value.exportedFiles, "the batch and its signature")
        assertEquals(BatchState.EXPORTED, p.state.value.batches.single().state)

        p.onEvent(HandOverEvent.ImportFromUsb)
        runCurrent()
        assertEquals(0, p.state.value.answersImported, "the bank has not answered yet")

        store.batches.answerNext(FakePlatform.Receives())
        p.onEvent(HandOverEvent.ImportFromUsb)
        runCurrent()
        val state = p.state.value
        assertEquals(1, state.answersImported)
        assertEquals(BatchState.UPLOADED, state.batches.single().state)
        assertEquals(4, state.filesDestroyed.values.single(), "both households' photos and thumbnails")
    }

    @Test
    fun `sealing with nothing finalized is not offered`() = runTest {
        store.world.households.values.forEach { it.state = HouseholdState.IN_PROGRESS }
        val p = presenter()
        assertFalse(p.state.value.canSeal)
        p.onEvent(HandOverEvent.Seal)
        runCurrent()
        assertEquals(emptyList<Any>(), p.state.value.batches)
    }
}
