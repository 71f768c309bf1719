package cn.cunxin.impl

import cn.cunxin.api.store.FieldStore
import cn.cunxin.core.ConsentKind
import cn.cunxin.ffi.ConsentInfo
import cn.cunxin.ffi.consentTexts
import cn.cunxin.impl.store.CoreFieldStore
import java.awt.image.BufferedImage
import java.io.File
import java.nio.charset.Charset
import java.security.SecureRandom
import java.util.Random
import javax.imageio.ImageIO
import cn.cunxin.ffi.Store as FfiStore

/** Test data: a small village, camera photos, signatures, and a store the tests may also reach below the api. */
internal object Fixtures {
    /** People of the fixtures; no error text or log line may carry their names or ID numbers. */
    val names = listOf("王长明", "单乐", "李秀英")
    val idNumbers = listOf("11010519491231002X", "410303199003071238", "110105194912310046")

    fun key(): ByteArray = ByteArray(32).also { SecureRandom().nextBytes(it) }

    fun roster(dir: File, gbk: Boolean = false): String {
        val csv = """
            乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息
            城关镇,王庄村,一组,11010519491231002X,王长明,,H001,王庄村1号,13812345678,女,户主,汉,1949-12,3亩
            城关镇,王庄村,一组,410303199003071238,单乐,,H002,王庄村2号,,男,户主,汉,1990-03,
            城关镇,王庄村,二组,110105194912310046,李秀英,,H003,王庄村3号,13912345678,女,户主,汉,1949-12,
        """.trimIndent()
        val bytes = if (gbk) csv.toByteArray(Charset.forName("GBK")) else csv.toByteArray()
        return File(dir, "roster.csv").apply { writeBytes(bytes) }.path
    }

    /** Facts that score AA / 50,000 yuan with luquan. */
    val facts = mapOf(
        "applicant_age" to 30, "household_net_income_yuan" to 90000, "household_size" to 3, "total_assets_yuan" to 500000,
        "total_liabilities_yuan" to 0, "negative_records" to 0,
    ).mapValues { cn.cunxin.api.scoring.FactValue.Integer(it.value.toLong()) } + mapOf(
        "full_capacity" to true, "legal_income" to true, "bad_loan_or_dispute" to false, "in_credit_village" to false,
        "insured" to false, "entrepreneur" to false,
    ).mapValues { cn.cunxin.api.scoring.FactValue.Bool(it.value) } + mapOf(
        "education" to "college", "marital_status" to "married", "health" to "good", "occupation" to "salaried",
        "credit_history" to "clean_loans", "committee_evaluation" to "poor",
    ).mapValues { cn.cunxin.api.scoring.FactValue.Choice(it.value) }

    /**
     * A camera JPEG: a house against the sky with the texture a sharp photo has. [noisy] gives
     * every pixel its own grain, so the stored photo is large (for uploads of several chunks).
     */
    fun cameraJpeg(file: File, seed: Long, dark: Boolean = false, noisy: Boolean = false): String {
        val random = Random(seed)
        val block = if (noisy) 1 else 6
        val image = BufferedImage(2000, 1500, BufferedImage.TYPE_INT_RGB)
        for (by in 0 until 1500 step block) for (bx in 0 until 2000 step block) {
            val inHouse = bx in 500..1400 && by in 600..1200
            val base = when {
                dark -> 14
                inHouse -> 170
                by > 1200 -> 90
                else -> 200
            }
            val spread = if (noisy) 81 else 41
            val tone = (base + if (dark) 0 else random.nextInt(spread) - spread / 2).coerceIn(0, 255)
            val rgb = (tone shl 16) or ((tone * 9 / 10) shl 8) or (tone * 8 / 10)
            for (y in by until minOf(by + block, 1500)) for (x in bx until minOf(bx + block, 2000)) image.setRGB(x, y, rgb)
        }
        check(ImageIO.write(image, "jpg", file))
        return file.path
    }

    fun signature(dir: File, n: Int): String {
        val image = BufferedImage(600, 200, BufferedImage.TYPE_INT_RGB)
        val g = image.createGraphics()
        g.fillRect(0, 0, 600, 200)
        g.color = java.awt.Color.BLACK
        g.drawString("signature $n", 100, 100)
        g.dispose()
        return File(dir, "signature-$n.png").also { ImageIO.write(image, "png", it) }.path
    }

    /** A new store through the api, with the bindings' store beside it for what the api does not do yet. */
    fun newStore(dir: File): Pair<FieldStore, FfiStore> {
        val ffi = FfiStore.create(File(dir, "store").path, key())
        return CoreFieldStore(ffi) to ffi
    }

    /** Signs a consent below the api, against the text in force that the core ships. */
    fun signConsent(ffi: FfiStore, household: String, kind: ConsentKind, signature: String) {
        val text = consentTexts().last { it.kind == kind }
        ffi.addConsent(
            household,
            ConsentInfo(kind, text.version, text.sha256, "户主", "2026-11-22T10:40:00+08:00", "王庄村", "GM0412"),
            signature,
        )
    }
}
