package cn.cunxin.impl.handover

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.handover.HandOverOutcome
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.handover.HttpNoAnswer
import cn.cunxin.api.store.Consent
import cn.cunxin.api.store.ConsentKind
import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.store.PhotoCapture
import cn.cunxin.api.store.PhotoKind
import cn.cunxin.api.store.PhotoRequest
import cn.cunxin.impl.CoreCunxin
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.awt.image.BufferedImage
import java.io.File
import java.security.SecureRandom
import java.util.Random
import java.util.concurrent.TimeUnit
import javax.imageio.ImageIO

/**
 * A field day through the api over the real library: camera files into the store, the estimate
 * shown, consents, sealing, and the hand-over to the reference platform (the real
 * `cunxin-platform` binary on loopback) over the JVM's HTTP client, with one cut connection.
 */
class HandOverTest {
    private val stores = CoreCunxin().stores

    private val facts = """{"applicant_age": 30, "full_capacity": true, "legal_income": true, "bad_loan_or_dispute": false,
        "education": "college", "marital_status": "married", "health": "good", "occupation": "salaried",
        "household_net_income_yuan": 90000, "household_size": 3, "total_assets_yuan": 500000,
        "total_liabilities_yuan": 0, "credit_history": "clean_loans", "in_credit_village": false,
        "insured": false, "entrepreneur": false, "committee_evaluation": "poor", "negative_records": 0}"""

    private fun roster(dir: File): String = File(dir, "roster.csv").apply {
        writeText(
            """
            乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息
            城关镇,王庄村,一组,11010519491231002X,王长明,,H001,王庄村1号,13812345678,女,户主,汉,1949-12,3亩
            城关镇,王庄村,一组,410303199003071238,单乐,,H002,王庄村2号,,男,户主,汉,1990-03,
            """.trimIndent(),
        )
    }.path

    /** A camera JPEG: a house against the sky with the texture a sharp photo has. */
    private fun cameraJpeg(file: File, seed: Long, dark: Boolean = false): String {
        val random = Random(seed)
        val image = BufferedImage(2000, 1500, BufferedImage.TYPE_INT_RGB)
        for (by in 0 until 1500 step 6) for (bx in 0 until 2000 step 6) {
            val inHouse = bx in 500..1400 && by in 600..1200
            val base = when {
                dark -> 14
                inHouse -> 170
                by > 1200 -> 90
                else -> 200
            }
            val tone = (base + if (dark) 0 else random.nextInt(41) - 20).coerceIn(0, 255)
            val rgb = (tone shl 16) or ((tone * 9 / 10) shl 8) or (tone * 8 / 10)
            for (y in by until minOf(by + 6, 1500)) for (x in bx until minOf(bx + 6, 2000)) image.setRGB(x, y, rgb)
        }
        check(ImageIO.write(image, "jpg", file))
        return file.path
    }

    // The SHA-256 of each consent text the core ships (core/src/model/consent_texts/).
    private fun consent(kind: ConsentKind) =
        Consent(kind, "2026.1", shippedTextSha256(kind), "户主", "2026-11-22T10:40:00+08:00", "王庄村", "GM0412")

    private fun shippedTextSha256(kind: ConsentKind) = when (kind) {
        ConsentKind.PERSONAL_INFO -> "91fbfc405340436f9965ed7ce871e07f9ae464c6ac230d216da3bd030207f3b5"
        ConsentKind.CREDIT_INQUIRY -> "5669c681937ea5d20e2b18c2253621c6390436352c7257d3b28f08b6af004e28"
    }

    private val photo = PhotoRequest(PhotoKind.HOUSE, "GM0412", "2026-11-22T10:32:05+08:00", 34.6197, 112.454)

    @Test
    fun `camera files are stored once, a dark one only with a reason, and a broken one not at all`(@TempDir dir: File) {
        stores.create(File(dir, "store").path, key()).use { store ->
            store.signIn("GM0412")
            store.importRoster(roster(dir))
            val shot = cameraJpeg(File(dir, "IMG_0001.jpg"), seed = 1)
            val stored = assertInstanceOf(PhotoCapture.Stored::class.java, store.takePhoto("H001", shot, photo))
            assertEquals(1600 to 1200, stored.width to stored.height)
            assertEquals(emptyList<String>(), stored.flags)
            assertFalse(File(shot).exists(), "the camera's file is deleted once stored")

            val dusk = cameraJpeg(File(dir, "IMG_0002.jpg"), seed = 2, dark = true)
            val retake = assertInstanceOf(PhotoCapture.Retake::class.java, store.takePhoto("H001", dusk, photo))
            assertTrue("too_dark" in retake.flags, retake.flags.toString())
            assertTrue(File(dusk).exists(), "nothing stored, the camera's file kept")
            val kept = store.takePhoto("H001", dusk, photo, overrideReason = "no power in the house; taken at dusk")
            assertTrue("too_dark" in assertInstanceOf(PhotoCapture.Stored::class.java, kept).flags)

            // The same house offered again for the neighbour is flagged, with the household masked.
            val again = store.takePhoto("H002", cameraJpeg(File(dir, "IMG_0003.jpg"), seed = 1), photo)
            val similar = assertInstanceOf(PhotoCapture.Stored::class.java, again).similar
            assertEquals(listOf("H001"), similar.filterNot { it.sameHousehold }.map { it.household }.distinct())

            val heic = File(dir, "IMG_0004.heic").apply { writeBytes(byteArrayOf(0, 0, 0, 24) + "ftypheicmif1".toByteArray()) }
            val refused = assertThrows<CunxinFailure.InvalidInput> { store.takePhoto("H001", heic.path, photo) }
            assertTrue(refused.message.orEmpty().contains("JPEG"), refused.message)
            assertTrue(heic.exists())
            assertThrows<CunxinFailure.NotFound> { store.takePhoto("H404", heic.path, photo) }
        }
    }

    @Test
    fun `a batch is handed over through a cut, the receipt purges one household, the returned one is corrected and sent again`(
        @TempDir dir: File,
    ) {
        val bank = File(dir, "bank").apply { mkdirs() }
        stores.create(File(dir, "store").path, key()).use { store ->
            store.signIn("GM0412")
            store.importRoster(roster(dir))
            for ((n, household) in listOf("H001", "H002").withIndex()) {
                store.takePhoto(household, cameraJpeg(File(dir, "IMG_$n.jpg"), seed = 10L + n), photo)
                store.saveDraft(household, facts)
                val estimate = store.showEstimate(household, "luquan")
                assertEquals("AA" to 50_000L, estimate.grade to estimate.limitYuan)
                store.addConsent(household, consent(ConsentKind.PERSONAL_INFO), signature(dir, n))
            }
            // H002 did not sign the credit-inquiry authorization: the bank sends it back.
            store.addConsent("H001", consent(ConsentKind.CREDIT_INQUIRY), signature(dir, 2))
            store.finalize("H001")
            store.finalize("H002")

            val platform = ReferencePlatform.start(bank, store.devicePublicKey())
            try {
                val sealed = store.sealBatch(platform.bankRecipient)
                assertEquals(2, sealed.households)

                val cut = CutOnce(JdkHttpClient())
                val outcomes = store.handOver(platform.endpoint, platform.publicKey, cut)
                assertEquals(1, cut.cuts, "the first upload chunk was cut off and sent again")
                val received = assertInstanceOf(HandOverOutcome.Received::class.java, outcomes.single())
                assertEquals(sealed.batchId, received.batchId)
                assertEquals(listOf("H001"), received.uploaded)
                assertEquals("H002", received.returned.single().household)
                assertTrue(received.returned.single().reason.contains("credit-inquiry"), received.returned.toString())
                assertEquals(2 + 2, received.filesDestroyed, "H001's photo and thumbnail, and its two signatures")
                assertEquals(emptyList<HandOverOutcome>(), store.handOver(platform.endpoint, platform.publicKey, JdkHttpClient()))

                // The grid manager corrects the returned household and hands it over again.
                assertEquals(2, store.reopen("H002", "returned by the bank: no credit-inquiry authorization"))
                store.addConsent("H002", consent(ConsentKind.CREDIT_INQUIRY), signature(dir, 3))
                assertEquals(2, store.finalize("H002"))
                store.sealBatch(platform.bankRecipient)
                val corrected = store.handOver(platform.endpoint, platform.publicKey, JdkHttpClient()).single()
                assertEquals(listOf("H002"), assertInstanceOf(HandOverOutcome.Received::class.java, corrected).uploaded)
            } finally {
                platform.stop()
            }

            val states = store.households().associate { it.id to it.state }
            assertEquals(mapOf("H001" to "purged", "H002" to "purged"), states)
            assertTrue(store.verifyAuditChain().intact)
        }
    }

    private fun key(): ByteArray = ByteArray(32).also { SecureRandom().nextBytes(it) }

    private fun signature(dir: File, n: Int): String {
        val image = BufferedImage(600, 200, BufferedImage.TYPE_INT_RGB)
        val g = image.createGraphics()
        g.fillRect(0, 0, 600, 200)
        g.color = java.awt.Color.BLACK
        g.drawString("signature $n", 100, 100)
        g.dispose()
        return File(dir, "signature-$n.png").also { ImageIO.write(image, "png", it) }.path
    }
}

/** Drops the first PATCH as a dropping Wi-Fi would: the request never gets an answer. */
private class CutOnce(private val http: HttpClient) : HttpClient {
    var cuts = 0

    override fun send(call: cn.cunxin.api.handover.HttpCall) = if (call.method == "PATCH" && cuts == 0) {
        cuts++
        throw HttpNoAnswer("connection reset")
    } else {
        http.send(call)
    }
}

/** The real `cunxin-platform` binary with its own keys, listening on a free loopback port. */
private class ReferencePlatform(private val process: Process, val endpoint: String, val publicKey: String, val bankRecipient: String) {
    fun stop() {
        process.destroy()
        process.waitFor(10, TimeUnit.SECONDS)
    }

    companion object {
        private val binary = System.getProperty("cunxin.platform.bin")
            ?: error("cunxin.platform.bin is not set; run the tests with cargo xtask test")

        fun start(dir: File, devicePublicKey: String): ReferencePlatform {
            val keys = File(dir, "keys")
            File(keys, "devices").mkdirs()
            File(keys, "devices/tablet.pub").writeText(devicePublicKey)
            run(binary, "keygen", keys.path)
            run("age-keygen", "-o", File(keys, "bank.key").path)
            val recipient = File(keys, "bank.key").readLines().first { it.startsWith("# public key: ") }.removePrefix("# public key: ")
            val config = File(dir, "platform.toml").apply {
                writeText(
                    """
                    listen = "127.0.0.1:0"
                    data_dir = "data"
                    [keys]
                    bank_identity = "keys/bank.key"
                    platform_key = "keys/platform.key"
                    devices_dir = "keys/devices"
                    """.trimIndent(),
                )
            }
            val process = ProcessBuilder(binary, "--config", config.path).redirectErrorStream(true).start()
            val banner = process.inputStream.bufferedReader().readLine()
                ?: error("cunxin-platform exited: ${process.waitFor()}")
            val endpoint = banner.substringAfter("listening on ").trim()
            return ReferencePlatform(process, endpoint, File(keys, "platform.pub").readText(), recipient)
        }

        private fun run(vararg command: String) {
            val process = ProcessBuilder(*command).redirectErrorStream(true).start()
            val output = process.inputStream.bufferedReader().readText()
            check(process.waitFor() == 0) { "${command.first()} failed: $output" }
        }
    }
}
