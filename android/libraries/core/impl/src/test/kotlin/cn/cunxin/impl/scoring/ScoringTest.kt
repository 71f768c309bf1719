package cn.cunxin.impl.scoring

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.scoring.PanelRating
import cn.cunxin.impl.CoreCunxin
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Scoring by the real Rust core through the generated bindings. */
class ScoringTest {
    private val scoring = CoreCunxin().scoring

    private val base = """"applicant_age": 40, "full_capacity": true, "fixed_residence": true,
        "fixed_income": true, "no_major_bad_credit": true, "applicant_type": "household""""

    @Test
    fun `the form is rendered from the scorecard's declared facts`() {
        assertEquals(listOf("luquan", "jinxiang"), scoring.presets())
        val fields = scoring.form("luquan")
        val education = fields.first { it.id == "education" }
        assertEquals("文化程度", education.labelZh)
        assertEquals("option", education.type)
        assertEquals(listOf("college", "high_school", "middle_school", "primary_or_less"), education.options.map { it.first })
        assertEquals(18, fields.size)
        assertEquals(1.0, fields.first { it.id == "household_size" }.min)
        val honours = scoring.form("jinxiang").first { it.id == "honors" }
        assertEquals("levels", honours.type)
        assertFalse(honours.required)
        assertEquals("{}", honours.defaultJson)
    }

    @Test
    fun `an estimate carries its explanation and what would raise it`() {
        val e = scoring.estimate("jinxiang", "H1", """{$base, "honors": {"moral_model": "city"}}""")
        assertTrue(e.eligible && e.creditHousehold)
        assertEquals(60.0, e.points)
        assertEquals(60_000L, e.limitYuan)
        assertEquals(50_000L, e.initialLimitYuan)
        assertEquals(6.5, e.ratePercent) // 8.0 − 0.5 × ⌊(60 − 30) / 10⌋
        // Why: base 30 + honours 30, and the explanation adds up to the points.
        assertEquals("基础分", e.contributions.first().label)
        assertEquals("Base points", e.contributions.first().labelEn)
        assertEquals(e.points, e.contributions.sumOf { it.points })
        // What would raise it: each honour not yet earned, with its points.
        val moral = e.improvements.first { it.item == "honors.moral_model" }
        assertEquals("道德模范、金乡好人等", moral.label)
        assertEquals(20.0, moral.gain)
        assertEquals(10.0, e.improvements.first { it.item == "honors.party_member" }.gain)
    }

    @Test
    fun `luquan explains a grade and a household below the threshold`() {
        val facts = """{"applicant_age": 30, "full_capacity": true, "legal_income": true, "bad_loan_or_dispute": false,
            "education": "college", "marital_status": "married", "health": "good", "occupation": "salaried",
            "household_net_income_yuan": 90000, "household_size": 3, "total_assets_yuan": 500000,
            "total_liabilities_yuan": 0, "credit_history": "clean_loans", "in_credit_village": false,
            "insured": false, "entrepreneur": false, "committee_evaluation": "poor", "negative_records": 0}"""
        val e = scoring.estimate("luquan", "W1", facts)
        assertEquals(80.0, e.points)
        assertEquals("AA", e.grade)
        assertEquals(50_000L, e.limitYuan)
        assertEquals(5.5, e.ratePercent)
        assertEquals(listOf(3.0, 5.0, 5.0, 7.0), e.improvements.map { it.gain })
        val below = scoring.estimate(
            "luquan", "W2",
            facts.replace("\"clean_loans\"", "\"overdue\"").replace("\"health\": \"good\"", "\"health\": \"fair\""),
        )
        assertEquals(69.0, below.points)
        assertNull(below.grade)
        assertFalse(below.creditHousehold)
        assertEquals(1, below.reasons.size)
    }

    @Test
    fun `missing facts are named and the form shows its progress`() {
        // Eligibility facts are asked for first, then the scoring facts.
        val eligibilityOnly = scoring.estimate("luquan", "H2", """{"applicant_age": 30}""")
        assertEquals(listOf("bad_loan_or_dispute", "full_capacity", "legal_income"), eligibilityOnly.missingFacts)
        val eligible = """{"applicant_age": 30, "full_capacity": true, "legal_income": true, "bad_loan_or_dispute": false}"""
        val missing = scoring.estimate("luquan", "H2", eligible)
        assertTrue("education" in missing.missingFacts, missing.missingFacts.toString())
        assertEquals(0L, missing.limitYuan)
        val progress = scoring.progress("luquan", eligible)
        assertFalse(progress.complete)
        assertEquals("education", progress.missingFacts.first())
        assertEquals(2.0, progress.pointsSoFar)
        assertEquals(100.0, progress.pointsPossible)
        val bad = scoring.estimate("jinxiang", "H3", """{$base, "honors": {"civilized_family": "city"}}""")
        assertEquals(listOf("honors"), bad.invalidFacts)
    }

    @Test
    fun `the rate is floored at the LPR`() {
        val high = """{$base, "honors": {"moral_model": "national", "rural_talent": "national", "civilized_family": "county"}}"""
        assertEquals(3.7, scoring.estimate("jinxiang", "H3", high).ratePercent)
        assertEquals(3.45, scoring.estimate("jinxiang", "H3", high, lprPercent = 3.45).ratePercent)
        assertEquals(100_000L, scoring.estimate("jinxiang", "H3", high).limitYuan)
    }

    @Test
    fun `committee limits aggregate back to back ratings`() {
        val c = scoring.committeeLimit(listOf(20_000, 50_000, 30_000, null))
        assertEquals(30_000L, c.limitYuan)
        assertTrue(scoring.committeeLimit(listOf(10_000, null)).insufficientReviews)
        assertNull(scoring.committeeLimit(listOf(10_000, null)).limitYuan)
        val panel = listOf(10_000L, 30_000L, 31_000L, 32_500L, 90_000L).mapIndexed { i, limit ->
            PanelRating("评议员${i + 1}", limit, 4, 60_000, "")
        }
        val review = scoring.committeeReview(panel + PanelRating("评议员6", null, null, null, "回避"))
        assertEquals(31_000L, review.limitYuan)
        assertTrue(review.disputed)
        assertEquals(5, review.ratings)
        assertEquals(1, review.abstentions)
        assertEquals(4.0, review.meanIntegrity)
        val e = assertThrows<CunxinFailure.InvalidInput> {
            scoring.committeeReview(listOf(PanelRating("评议员1", 10_000, 7, null)))
        }
        assertTrue(e.message!!.contains("1 to 5"), e.message)
    }

    @Test
    fun `reconciliation needs a reason for a large gap and keeps the cap`() {
        assertEquals("agreed", scoring.reconcile(50_000, 40_000).flag)
        assertEquals(40_000L, scoring.reconcile(50_000, 40_000).proposedLimitYuan)
        val open = scoring.reconcile(50_000, 10_000)
        assertEquals("needs_reason", open.flag)
        assertEquals(10_000L, open.proposedLimitYuan)
        assertEquals(800L, open.gapPermille)
        val settled = scoring.reconcile(50_000, 10_000, "新建大棚收入可期", 40_000)
        assertEquals("reasoned", settled.flag)
        assertEquals(40_000L, settled.proposedLimitYuan)
        assertThrows<CunxinFailure.InvalidInput> { scoring.reconcile(50_000, 10_000, "理由", 60_000) }
        assertEquals(100_000L, scoring.reconcile(150_000, null, capYuan = 100_000).proposedLimitYuan)
    }

    @Test
    fun `a broken scorecard or facts text is a clear InvalidInput`() {
        val e = assertThrows<CunxinFailure.InvalidInput> { scoring.estimate("nosuch", "H", "{}") }
        assertTrue(e.message!!.contains("neither a built-in name"), e.message)
        assertThrows<CunxinFailure.InvalidInput> { scoring.estimate("luquan", "H", "[1,2]") }
        assertTrue(scoring.check("id = \"x\"").single().contains("missing field"))
    }
}
