package cn.cunxin.impl.scoring

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.scoring.FactType
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.scoring.FactValue.Bool
import cn.cunxin.api.scoring.FactValue.Choice
import cn.cunxin.api.scoring.FactValue.Integer
import cn.cunxin.api.scoring.FactValue.Levels
import cn.cunxin.api.scoring.PanelRating
import cn.cunxin.api.scoring.ReconcileFlag
import cn.cunxin.impl.CoreCunxin
import cn.cunxin.impl.Fixtures
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Scoring by the real Rust core through the generated bindings; facts cross as typed values. */
class ScoringTest {
    private val scoring = CoreCunxin().scoring

    private val base: Map<String, FactValue> = mapOf(
        "applicant_age" to Integer(40), "full_capacity" to Bool(true), "fixed_residence" to Bool(true),
        "fixed_income" to Bool(true), "no_major_bad_credit" to Bool(true), "applicant_type" to Choice("household"),
    )

    private fun honours(vararg levels: Pair<String, String>) = base + ("honors" to Levels(mapOf(*levels)))

    private fun <T> failure(code: FailureCode, call: suspend () -> T): CunxinFailure {
        val e = assertThrows<CunxinFailure> { runBlocking { call() } }
        assertEquals(code, e.code, e.detail)
        return e
    }

    @Test
    fun `the form is rendered from the scorecard's declared facts`() = runBlocking {
        assertEquals(listOf("luquan", "jinxiang"), scoring.presets())
        val form = scoring.form("luquan")
        assertEquals("luquan", form.scorecard)
        assertTrue(form.version.isNotBlank())
        val education = form.fields.first { it.id == "education" }
        assertEquals("文化程度", education.label.zh)
        assertEquals(FactType.OPTION, education.type)
        assertEquals(listOf("college", "high_school", "middle_school", "primary_or_less"), education.options.map { it.code })
        assertTrue(education.options.all { it.label.en.isNotBlank() }, "options carry their English labels")
        assertEquals(18, form.fields.size)
        assertEquals(1.0, form.fields.first { it.id == "household_size" }.min)
        val honours = scoring.form("jinxiang").fields.first { it.id == "honors" }
        assertEquals(FactType.LEVELS, honours.type)
        assertFalse(honours.required)
        assertEquals(Levels(emptyMap()), honours.default)
    }

    @Test
    fun `an estimate carries its explanation and what would raise it`() = runBlocking {
        val e = scoring.estimate("jinxiang", "H1", honours("moral_model" to "city"))
        assertTrue(e.eligible && e.creditHousehold)
        assertEquals(60.0, e.points)
        assertEquals(60_000L, e.limitYuan)
        assertEquals(50_000L, e.initialLimitYuan)
        assertEquals(6.5, e.ratePercent) // 8.0 − 0.5 × ⌊(60 − 30) / 10⌋
        assertEquals("基础分", e.contributions.first().label.zh)
        assertEquals("Base points", e.contributions.first().label.en)
        assertEquals(e.points, e.contributions.sumOf { it.points })
        val moral = e.improvements.first { it.item == "honors.moral_model" }
        assertEquals("道德模范、金乡好人等", moral.label.zh)
        assertEquals(20.0, moral.gain)
        assertEquals(10.0, e.improvements.first { it.item == "honors.party_member" }.gain)
    }

    @Test
    fun `luquan explains a grade and a household below the threshold`() = runBlocking {
        val e = scoring.estimate("luquan", "W1", Fixtures.facts)
        assertEquals(80.0, e.points)
        assertEquals("AA", e.grade)
        assertEquals(50_000L, e.limitYuan)
        assertEquals(5.5, e.ratePercent)
        assertEquals(listOf(3.0, 5.0, 5.0, 7.0), e.improvements.map { it.gain })
        val below = scoring.estimate(
            "luquan", "W2", Fixtures.facts + mapOf("credit_history" to Choice("overdue"), "health" to Choice("fair")),
        )
        assertEquals(69.0, below.points)
        assertNull(below.grade)
        assertFalse(below.creditHousehold)
        assertEquals(1, below.reasons.size)
    }

    @Test
    fun `missing facts are named and the form shows its progress`() = runBlocking {
        val eligibilityOnly = scoring.estimate("luquan", "H2", mapOf("applicant_age" to Integer(30)))
        assertEquals(listOf("bad_loan_or_dispute", "full_capacity", "legal_income"), eligibilityOnly.missingFacts)
        val eligible = mapOf(
            "applicant_age" to Integer(30), "full_capacity" to Bool(true), "legal_income" to Bool(true),
            "bad_loan_or_dispute" to Bool(false),
        )
        val missing = scoring.estimate("luquan", "H2", eligible)
        assertTrue("education" in missing.missingFacts, missing.missingFacts.toString())
        assertEquals(0L, missing.limitYuan)
        val progress = scoring.progress("luquan", eligible)
        assertFalse(progress.complete)
        assertEquals("education", progress.missingFacts.first())
        assertEquals(2.0, progress.pointsSoFar)
        assertEquals(100.0, progress.pointsPossible)
        val bad = scoring.estimate("jinxiang", "H3", honours("civilized_family" to "city"))
        assertEquals(listOf("honors"), bad.invalidFacts)
    }

    @Test
    fun `the rate is floored at the LPR`() = runBlocking {
        val high = honours("moral_model" to "national", "rural_talent" to "national", "civilized_family" to "county")
        assertEquals(3.7, scoring.estimate("jinxiang", "H3", high).ratePercent)
        assertEquals(3.45, scoring.estimate("jinxiang", "H3", high, lprPercent = 3.45).ratePercent)
        assertEquals(100_000L, scoring.estimate("jinxiang", "H3", high).limitYuan)
    }

    @Test
    fun `committee limits aggregate back to back ratings`() = runBlocking {
        val panel = listOf(10_000L, 30_000L, 31_000L, 32_500L, 90_000L).mapIndexed { i, limit ->
            PanelRating("评议员${i + 1}", limit, 4, 60_000, "")
        }
        val review = scoring.committeeReview(panel + PanelRating("评议员6", null, null, null, "回避"))
        assertEquals(31_000L, review.limitYuan)
        assertTrue(review.disputed)
        assertEquals(5, review.ratings)
        assertEquals(1, review.abstentions)
        assertEquals(4.0, review.meanIntegrity)
        assertEquals(10_000L to 90_000L, review.lowestYuan to review.highestYuan)
        val two = scoring.committeeReview(listOf(PanelRating("a", 10_000, 4, null), PanelRating("b", null, null, null)))
        assertTrue(two.insufficientReviews)
        assertNull(two.limitYuan)
        val e = failure(FailureCode.INVALID_INPUT) { scoring.committeeReview(listOf(PanelRating("评议员1", 10_000, 7, null))) }
        assertTrue(e.detail.contains("1 to 5"), e.detail)
    }

    @Test
    fun `reconciliation needs a reason for a large gap and keeps the cap`() = runBlocking {
        assertEquals(ReconcileFlag.AGREED, scoring.reconcile(50_000, 40_000).flag)
        assertEquals(40_000L, scoring.reconcile(50_000, 40_000).proposedLimitYuan)
        val open = scoring.reconcile(50_000, 10_000)
        assertEquals(ReconcileFlag.NEEDS_REASON, open.flag)
        assertEquals(10_000L, open.proposedLimitYuan)
        assertEquals(800L, open.gapPermille)
        assertEquals(50_000L to 10_000L, open.modelLimitYuan to open.committeeLimitYuan)
        val settled = scoring.reconcile(50_000, 10_000, "新建大棚收入可期", 40_000)
        assertEquals(ReconcileFlag.REASONED, settled.flag)
        assertEquals(40_000L, settled.proposedLimitYuan)
        failure(FailureCode.INVALID_INPUT) { scoring.reconcile(50_000, 10_000, "理由", 60_000) }
        assertEquals(100_000L, scoring.reconcile(150_000, null, capYuan = 100_000).proposedLimitYuan)
    }

    @Test
    fun `a broken scorecard is a clear INVALID_INPUT`() = runBlocking {
        val e = failure(FailureCode.INVALID_INPUT) { scoring.estimate("nosuch", "H", emptyMap()) }
        assertTrue(e.detail.contains("neither a built-in name"), e.detail)
        assertTrue(scoring.check("id = \"x\"").single().contains("missing field"))
    }
}
