package cn.cunxin.impl.handover

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.handover.BatchState
import cn.cunxin.api.handover.HandOverOutcome
import cn.cunxin.api.handover.HttpCall
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.handover.UploadProgress
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.photos.PhotoCapture
import cn.cunxin.api.photos.PhotoFlag
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.photos.PhotoRequest
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.store.FieldStore
import cn.cunxin.core.ConsentKind
import cn.cunxin.impl.Fixtures
import cn.cunxin.test.platform.CutOnce
import cn.cunxin.test.platform.JdkHttpClient
import cn.cunxin.test.platform.ReferencePlatform
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.coroutines.cancellation.CancellationException
import kotlin.system.measureTimeMillis

/**
 * A field day through the api over the real library: camera files into the store, the estimate
 * shown, consents, sealing, and the hand-over to the reference platform (the real
 * `cunxin-platform` binary on loopback) over the JVM's HTTP client — with a cut connection, and
 * with an upload held mid-way while the store keeps answering, then cancelled and resumed.
 */
class HandOverTest {
    private val photo = PhotoRequest(PhotoKind.HOUSE, "GM0412", "2026-11-22T10:32:05+08:00", 34.6197, 112.454)

    @Test
    fun `camera files are stored once, a dark one only with a reason, and a broken one not at all`(@TempDir dir: File) = runBlocking {
        val (store, _) = Fixtures.newStore(dir)
        store.use {
            store.signIn("GM0412")
            store.households.importRoster(Fixtures.roster(dir))
            val shot = Fixtures.cameraJpeg(File(dir, "IMG_0001.jpg"), seed = 1)
            val cameraSha256 = java.security.MessageDigest.getInstance("SHA-256").digest(File(shot).readBytes()).joinToString("") { "%02x".format(it) }
            val stored = assertInstanceOf(PhotoCapture.Stored::class.java, store.photos.take("H001", shot, photo))
            assertEquals(1600 to 1200, stored.photo.width to stored.photo.height)
            assertEquals(emptyList<PhotoFlag>(), stored.photo.flags)
            // The stored JPEG's hash (normalized and watermarked), not the camera file's.
            assertTrue(stored.sha256.matches(Regex("[0-9a-f]{64}")) && stored.sha256 != cameraSha256, stored.sha256)
            assertFalse(File(shot).exists(), "the camera's file is deleted once stored")

            val dusk = Fixtures.cameraJpeg(File(dir, "IMG_0002.jpg"), seed = 2, dark = true)
            val retake = assertInstanceOf(PhotoCapture.Retake::class.java, store.photos.take("H001", dusk, photo))
            assertTrue(PhotoFlag.TOO_DARK in retake.flags, retake.flags.toString())
            assertTrue(File(dusk).exists(), "nothing stored, the camera's file kept")
            val kept = store.photos.take("H001", dusk, photo, overrideReason = "no power in the house; taken at dusk")
            val keptPhoto = assertInstanceOf(PhotoCapture.Stored::class.java, kept).photo
            assertTrue(PhotoFlag.TOO_DARK in keptPhoto.flags)
            assertEquals("no power in the house; taken at dusk", keptPhoto.overrideReason)

            // The same house offered again for the neighbour is flagged, with the household masked.
            val again = store.photos.take("H002", Fixtures.cameraJpeg(File(dir, "IMG_0003.jpg"), seed = 1), photo)
            val similar = assertInstanceOf(PhotoCapture.Stored::class.java, again).similar
            assertEquals(listOf("H001"), similar.filterNot { it.sameHousehold }.map { it.household }.distinct())

            val heic = File(dir, "IMG_0004.heic").apply { writeBytes(byteArrayOf(0, 0, 0, 24) + "ftypheicmif1".toByteArray()) }
            val refused = assertThrows<CunxinFailure> { runBlocking { store.photos.take("H001", heic.path, photo) } }
            assertEquals(FailureCode.INVALID_INPUT, refused.code)
            assertTrue(refused.detail.contains("JPEG"), refused.detail)
            assertTrue(heic.exists())
            val unknown = assertThrows<CunxinFailure> { runBlocking { store.photos.take("H404", heic.path, photo) } }
            assertEquals(FailureCode.NOT_FOUND, unknown.code)
        }
    }

    @Test
    fun `a batch is handed over through a cut, the receipt purges one household, the returned one is corrected and sent again`(
        @TempDir dir: File,
    ) = runBlocking {
        val (store, ffi) = Fixtures.newStore(dir)
        store.use {
            store.signIn("GM0412")
            store.households.importRoster(Fixtures.roster(dir))
            for ((n, household) in listOf("H001", "H002").withIndex()) {
                store.photos.take(household, Fixtures.cameraJpeg(File(dir, "IMG_$n.jpg"), seed = 10L + n), photo)
                store.visits.saveDraft(household, Fixtures.facts)
                val estimate = store.visits.showEstimate(household)
                assertEquals("AA" to 50_000L, estimate.grade to estimate.limitYuan)
                Fixtures.signConsent(ffi, household, ConsentKind.PERSONAL_INFO, Fixtures.signature(dir, n))
            }
            // H002 did not sign the credit-inquiry authorization: the bank sends it back.
            Fixtures.signConsent(ffi, "H001", ConsentKind.CREDIT_INQUIRY, Fixtures.signature(dir, 2))
            store.visits.finalize("H001")
            store.visits.finalize("H002")

            val platform = ReferencePlatform.start(File(dir, "bank"), store.settings.devicePublicKey())
            try {
                platform.configure(store)
                assertEquals(2, store.batches.waiting().finalizedHouseholds)
                val sealing = CopyOnWriteArrayList<cn.cunxin.api.handover.SealProgress>()
                val sealed = store.batches.seal { sealing += it }
                assertEquals(2, sealed.households)
                assertEquals(listOf(1 to 2, 2 to 2), sealing.map { it.householdsDone to it.householdsTotal })
                assertTrue(sealing[0].bytesDone in 1 until sealing[1].bytesDone, sealing.toString())
                assertTrue(sealing.all { it.batchId == sealed.batchId })
                assertEquals(1, store.batches.waiting().sealedBatches)
                val listed = store.batches.list().single()
                assertEquals(Triple(sealed.batchId, BatchState.SEALED, 2), Triple(listed.batchId, listed.state, listed.households))
                assertEquals(sealed.batchBytes, listed.batchBytes)
                assertEquals(null, listed.bytesUploaded)

                val cut = CutOnce(JdkHttpClient())
                val outcomes = store.batches.handOver(cut)
                assertEquals(1, cut.cuts, "the first upload chunk was cut off and sent again")
                val received = assertInstanceOf(HandOverOutcome.Received::class.java, outcomes.single())
                assertEquals(sealed.batchId, received.batchId)
                assertEquals(listOf("H001"), received.uploaded)
                assertEquals("H002", received.returned.single().household)
                assertTrue(received.returned.single().reason.contains("credit-inquiry"), received.returned.toString())
                assertEquals(2 + 2, received.filesDestroyed, "H001's photo and thumbnail, and its two signatures")
                assertEquals(emptyList<HandOverOutcome>(), store.batches.handOver(JdkHttpClient()))
                val answered = store.batches.list().single()
                assertEquals(BatchState.UPLOADED to received.receiptId, answered.state to answered.receiptId)
                assertEquals(listOf("H002"), answered.returned.map { it.household })

                assertEquals(2, store.visits.reopen("H002", "returned by the bank: no credit-inquiry authorization"))
                Fixtures.signConsent(ffi, "H002", ConsentKind.CREDIT_INQUIRY, Fixtures.signature(dir, 3))
                assertEquals(2, store.visits.finalize("H002"))
                store.batches.seal()
                val corrected = store.batches.handOver(JdkHttpClient()).single()
                assertEquals(listOf("H002"), assertInstanceOf(HandOverOutcome.Received::class.java, corrected).uploaded)
            } finally {
                platform.stop()
            }
            val states = store.households.list().associate { it.id to it.state }
            assertEquals(HouseholdState.PURGED, states["H001"])
            assertEquals(HouseholdState.PURGED, states["H002"])
            assertTrue(store.verifyAuditChain().intact)
        }
    }

    @Test
    fun `batches carried on a USB drive are answered by the platform's import, and the answer purges them`(@TempDir dir: File) = runBlocking {
        val (store, ffi) = Fixtures.newStore(dir)
        store.use {
            store.signIn("GM0412")
            store.households.importRoster(Fixtures.roster(dir))
            store.photos.take("H001", Fixtures.cameraJpeg(File(dir, "IMG_1.jpg"), seed = 21L), photo)
            store.visits.saveDraft("H001", Fixtures.facts)
            store.visits.showEstimate("H001")
            Fixtures.signConsent(ffi, "H001", ConsentKind.PERSONAL_INFO, Fixtures.signature(dir, 1))
            Fixtures.signConsent(ffi, "H001", ConsentKind.CREDIT_INQUIRY, Fixtures.signature(dir, 2))
            store.visits.finalize("H001")
            // The roll-up and the notice score the stored facts with the scorecard in use.
            val village = store.villages.list().single()
            val rollUp = store.villages.rollUp(village)
            assertEquals(Triple(1, 1, mapOf("AA" to 1)), Triple(rollUp.evaluated, rollUp.creditHouseholds, rollUp.grades))
            assertEquals(50_000L, rollUp.proposedTotalYuan)
            assertEquals(rollUp.households to 1, rollUp.byGroup.sumOf { it.households } to rollUp.byGroup.sumOf { it.creditHouseholds })
            val notice = store.villages.publicNotice(village).lines.single()
            assertEquals("AA" to 50_000L, notice.grade to notice.limitYuan)
            assertTrue(notice.idMasked.contains("********") && notice.nameMasked.contains("*"), notice.toString())

            val platform = ReferencePlatform.start(File(dir, "bank"), store.settings.devicePublicKey())
            try {
                platform.configure(store)
                val sealed = store.batches.seal()
                val usb = File(dir, "usb").apply { mkdirs() }
                val written = store.batches.exportTo(usb.path)
                assertTrue("${sealed.batchId}.tar.age" in written && "${sealed.batchId}.tar.age.minisig" in written, written.toString())
                assertEquals(BatchState.EXPORTED, store.batches.list().single().state)

                platform.import(usb)
                val outcome = store.batches.importAnswers(usb.path).single()
                assertEquals(listOf("H001"), assertInstanceOf(HandOverOutcome.Received::class.java, outcome).uploaded)
                assertEquals(BatchState.UPLOADED, store.batches.list().single().state)
                assertEquals(HouseholdState.PURGED, store.households.list().single { it.id == "H001" }.state)
            } finally {
                platform.stop()
            }
        }
    }

    @Test
    fun `while an upload is held mid-way the store answers, progress arrives, and a cancelled upload resumes later`(
        @TempDir dir: File,
    ) = runBlocking {
        val (store, ffi) = Fixtures.newStore(dir)
        store.use {
            store.signIn("GM0412")
            store.households.importRoster(Fixtures.roster(dir))
            // Grainy photos, so the batch takes three 4 MiB chunks (about 600 kB each once stored).
            repeat(16) { n ->
                val shot = Fixtures.cameraJpeg(File(dir, "IMG_$n.jpg"), seed = 100L + n, noisy = true)
                store.photos.take("H001", shot, photo, overrideReason = "grainy test photo")
            }
            store.visits.saveDraft("H001", Fixtures.facts)
            Fixtures.signConsent(ffi, "H001", ConsentKind.PERSONAL_INFO, Fixtures.signature(dir, 1))
            Fixtures.signConsent(ffi, "H001", ConsentKind.CREDIT_INQUIRY, Fixtures.signature(dir, 2))
            // The bank takes a household only with the estimate it was shown.
            store.visits.showEstimate("H001")
            store.visits.finalize("H001")

            val platform = ReferencePlatform.start(File(dir, "bank"), store.settings.devicePublicKey())
            try {
                platform.configure(store)
                // Sealing cancelled after its household: nothing sealed, no batch file left.
                val written = CountDownLatch(1)
                val goOn = CountDownLatch(1)
                val sealing = async(Dispatchers.Default) {
                    store.batches.seal {
                        written.countDown()
                        goOn.await(30, TimeUnit.SECONDS)
                    }
                }
                assertTrue(written.await(60, TimeUnit.SECONDS))
                sealing.cancel()
                Thread.sleep(300) // the cancel reaches the core's token
                goOn.countDown()
                assertThrows<CancellationException> { runBlocking { sealing.await() } }
                assertEquals(HouseholdState.FINALIZED, store.households.list().first { it.id == "H001" }.state)
                assertEquals(0, store.batches.waiting().sealedBatches)
                assertEquals(emptyList<String>(), File(dir, "store").walk().filter { it.name.endsWith(".tar.age") || it.name.endsWith(".partial") }.map { it.name }.toList())

                val sealed = store.batches.seal()
                assertTrue(sealed.batchBytes > 2 * CHUNK, "the batch is ${sealed.batchBytes} bytes, fewer than three chunks")

                val held = HoldSecondChunk(JdkHttpClient())
                val progress = CopyOnWriteArrayList<UploadProgress>()
                val upload = async(Dispatchers.Default) { store.batches.handOver(held) { progress += it } }
                assertTrue(held.holding.await(60, TimeUnit.SECONDS), "the second chunk was never sent")

                // The upload holds no lock on the store: the screens' calls answer at once.
                val answered = measureTimeMillis {
                    withTimeout(5_000) {
                        assertEquals(3, store.households.list().size)
                        store.visits.saveDraft("H003", mapOf("household_size" to FactValue.Integer(2)))
                        assertEquals(1, store.visits.facts("H003").size)
                        assertEquals(1, store.batches.waiting().sealedBatches)
                    }
                }
                assertTrue(answered < 5_000, "calls took $answered ms during the upload")
                val first = progress.single()
                assertEquals(sealed.batchId, first.batchId)
                assertEquals(CHUNK, first.bytesDone)
                assertEquals(sealed.batchBytes, first.bytesTotal)
                assertEquals(0 to 1, first.batch to first.batches)

                upload.cancel()
                held.release()
                assertThrows<CancellationException> { runBlocking { upload.await() } }
                assertEquals(HouseholdState.SEALED, store.households.list().first { it.id == "H001" }.state, "nothing purged")

                // A later hand-over goes on from where the cancelled one stopped, not from the start.
                val resumed = Recording(JdkHttpClient())
                val later = CopyOnWriteArrayList<UploadProgress>()
                val outcome = store.batches.handOver(resumed) { later += it }.single()
                assertEquals(listOf("H001"), assertInstanceOf(HandOverOutcome.Received::class.java, outcome).uploaded)
                val offsets = resumed.patchOffsets()
                assertTrue(offsets.isNotEmpty() && offsets.first() >= CHUNK, "resumed at $offsets")
                assertEquals(sealed.batchBytes, later.last().bytesDone)
                assertEquals(HouseholdState.PURGED, store.households.list().first { it.id == "H001" }.state)
            } finally {
                platform.stop()
            }
        }
    }

    private companion object {
        const val CHUNK = 4L * 1024 * 1024
    }
}

/** Holds the second chunk before sending it (a slow link), until the test releases it. */
private class HoldSecondChunk(private val http: HttpClient) : HttpClient {
    val holding = CountDownLatch(1)
    private val released = CountDownLatch(1)
    private var patches = 0

    fun release() = released.countDown()

    override fun send(call: HttpCall): cn.cunxin.api.handover.HttpAnswer {
        if (call.method == "PATCH" && ++patches == 2) {
            holding.countDown()
            check(released.await(60, TimeUnit.SECONDS)) { "never released" }
        }
        return http.send(call)
    }
}

/** Remembers where each chunk began. */
private class Recording(private val http: HttpClient) : HttpClient {
    private val offsets = CopyOnWriteArrayList<Long>()

    fun patchOffsets(): List<Long> = offsets.toList()

    override fun send(call: HttpCall): cn.cunxin.api.handover.HttpAnswer {
        if (call.method == "PATCH") {
            offsets += call.headers.first { it.first.equals("Upload-Offset", ignoreCase = true) }.second.toLong()
        }
        return http.send(call)
    }
}
