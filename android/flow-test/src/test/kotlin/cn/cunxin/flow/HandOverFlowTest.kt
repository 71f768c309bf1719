package cn.cunxin.flow

import cn.cunxin.sampleday.await
import cn.cunxin.sampleday.presenterScope
import cn.cunxin.sampleday.realDispatchers
import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.handover.BatchState
import cn.cunxin.api.handover.UploadProgress
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.photos.PhotoCapture
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.photos.PhotoRequest
import cn.cunxin.api.store.FieldStore
import cn.cunxin.features.handover.HandOverEvent
import cn.cunxin.features.handover.HandOverPresenter
import cn.cunxin.features.handover.Work
import cn.cunxin.impl.CoreCunxin
import cn.cunxin.test.builders.aCameraJpeg
import cn.cunxin.test.builders.aSignaturePng
import cn.cunxin.test.builders.aaLuquanFacts
import cn.cunxin.test.platform.CutOnce
import cn.cunxin.test.platform.JdkHttpClient
import cn.cunxin.test.platform.ReferencePlatform
import kotlinx.coroutines.cancel
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.security.SecureRandom
import java.util.concurrent.CopyOnWriteArrayList

/**
 * The hand-over centre through its presenter on the real core and the real `cunxin-platform`
 * on loopback: seal two finalized households, hand over with the first chunk cut (progress
 * seen), the receipt purges one and returns the other (no credit-inquiry authorization), the
 * returned one is reopened from the screen, and the purge is counted.
 */
class CoreHandOverFlowTest {
    @TempDir
    lateinit var dir: File

    @Test
    fun `seal, hand over through a cut, a receipt with one household returned, reopen it, the purge counted`() = runBlocking {
        val store = CoreCunxin().stores.create(File(dir, "store").path, ByteArray(32).also { SecureRandom().nextBytes(it) })
        val platform = ReferencePlatform.start(File(dir, "bank"), store.settings.devicePublicKey())
        val scope = presenterScope()
        try {
            fieldDay(store)
            platform.configure(store)
            // What the screen shows at each request the core sends: progress seen while the upload runs.
            lateinit var screen: HandOverPresenter
            val seen = CopyOnWriteArrayList<Pair<Work?, UploadProgress?>>()
            val jdk = JdkHttpClient()
            val cut = CutOnce { call ->
                seen += screen.state.value.let { it.working to it.upload }
                jdk.send(call)
            }
            screen = HandOverPresenter(store, cut, { null }, scope, realDispatchers)
            screen.await("two finalized households") { !it.loading && it.waiting.finalizedHouseholds == 2 }

            screen.onEvent(HandOverEvent.Seal)
            val sealed = screen.await("the sealed batch") { it.working == null && it.batches.isNotEmpty() }
            assertNull(sealed.failure, sealed.failure?.detail)
            assertEquals(2 to 2, sealed.sealProgress?.let { it.householdsDone to it.householdsTotal })
            val batch = sealed.batches.single()
            assertEquals(BatchState.SEALED to 2, batch.state to batch.households)
            assertEquals(1 to 2, sealed.waiting.sealedBatches to sealed.waiting.sealedHouseholds)

            screen.onEvent(HandOverEvent.HandOver)
            val received = screen.await("the receipt") { it.working == null && it.batches.single().state == BatchState.UPLOADED }
            assertNull(received.failure, received.failure?.detail)
            assertEquals(1, cut.cuts, "the first chunk was cut off and sent again")
            // The core's last progress, as the screen shows it: the whole batch on the platform.
            val last = received.upload
            assertEquals(Triple(batch.batchId, batch.batchBytes, batch.batchBytes), last?.let { Triple(it.batchId, it.bytesDone, it.bytesTotal) })
            assertEquals(0 to 1, last!!.batch to last.batches)
            assertTrue(seen.any { (work, upload) -> work == Work.HAND_OVER && upload?.bytesDone == batch.batchBytes }, "the upload's progress was on screen before the receipt: $seen")

            val answered = received.batches.single()
            assertEquals("H002", answered.returned.single().household)
            assertTrue(answered.returned.single().reason.contains("credit-inquiry"), answered.returned.toString())
            assertEquals(mapOf(batch.batchId to 2 + 2), received.filesDestroyed, "H001's photo and thumbnail, and its two signatures")
            assertTrue(received.reopenable("H002"))

            screen.onEvent(HandOverEvent.Reopen("H002"))
            val reopened = screen.await("H002 reopened") { it.working == null && it.returnedStates["H002"] == HouseholdState.IN_PROGRESS }
            assertNull(reopened.failure, reopened.failure?.detail)
            val states = store.households.list().associate { it.id to it.state }
            assertEquals(HouseholdState.PURGED to HouseholdState.IN_PROGRESS, states["H001"] to states["H002"])
            assertTrue(store.verifyAuditChain().intact)
        } finally {
            scope.cancel()
            platform.stop()
            store.close()
        }
    }

    /** Two households visited: photo, facts, the estimate shown, consents; H002 without the credit-inquiry authorization. */
    private suspend fun fieldDay(store: FieldStore) {
        store.signIn("GM0412")
        store.households.importRoster(File(dir, "roster.csv").apply { writeText(ROSTER) }.path)
        for ((n, household) in listOf("H001", "H002").withIndex()) {
            val shot = File(dir, "IMG_$n.jpg").apply { writeBytes(aCameraJpeg(10 + n)) }.path
            val request = PhotoRequest(PhotoKind.HOUSE, "GM0412", "2026-11-22T10:32:05+08:00", 34.6197, 112.454)
            if (store.photos.take(household, shot, request) is PhotoCapture.Retake) store.photos.take(household, shot, request, overrideReason = "test photo")
            store.visits.saveDraft(household, aaLuquanFacts)
            store.visits.showEstimate(household)
            store.consents.sign(household, ConsentKind.PERSONAL_INFO, "户主", "王庄村", aSignaturePng(n))
        }
        store.consents.sign("H001", ConsentKind.CREDIT_INQUIRY, "户主", "王庄村", aSignaturePng(2))
        store.visits.finalize("H001")
        store.visits.finalize("H002")
    }

    private companion object {
        private val ROSTER = """
            乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息
            城关镇,王庄村,一组,11010519491231002X,王长明,,H001,王庄村1号,13812345678,女,户主,汉,1949-12,3亩
            城关镇,王庄村,一组,410303199003071238,单乐,,H002,王庄村2号,,男,户主,汉,1990-03,
        """.trimIndent()
    }
}
