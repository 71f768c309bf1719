package cn.cunxin.test.builders

import cn.cunxin.api.scoring.FactValue
import java.awt.Color
import java.awt.image.BufferedImage
import java.io.ByteArrayOutputStream
import javax.imageio.ImageIO

/** Facts the shipped luquan scorecard grades AA with a 50,000 yuan limit (the fake's default estimate too). */
val aaLuquanFacts: Map<String, FactValue> = mapOf(
    "applicant_age" to 30, "household_net_income_yuan" to 90000, "household_size" to 3, "total_assets_yuan" to 500000,
    "total_liabilities_yuan" to 0, "negative_records" to 0,
).mapValues { FactValue.Integer(it.value.toLong()) } + mapOf(
    "full_capacity" to true, "legal_income" to true, "bad_loan_or_dispute" to false, "in_credit_village" to false,
    "insured" to false, "entrepreneur" to false,
).mapValues { FactValue.Bool(it.value) } + mapOf(
    "education" to "college", "marital_status" to "married", "health" to "good", "occupation" to "salaried",
    "credit_history" to "clean_loans", "committee_evaluation" to "poor",
).mapValues { FactValue.Choice(it.value) }

/** A real PNG as the signature pad gives it; [n] makes each one's bytes differ. */
fun aSignaturePng(n: Int = 0): ByteArray {
    val image = BufferedImage(600, 200, BufferedImage.TYPE_INT_RGB)
    val g = image.createGraphics()
    g.fillRect(0, 0, 600, 200)
    g.color = Color.BLACK
    g.drawString("signature $n", 100, 100)
    g.dispose()
    return ByteArrayOutputStream().also { ImageIO.write(image, "png", it) }.toByteArray()
}
