package cn.cunxin.impl.scoring

import cn.cunxin.api.CunxinFailure
import cn.cunxin.impl.CoreCunxin
import org.junit.jupiter.api.Assertions.assertEquals
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
        val fields = scoring.form("luquan")
        val education = fields.first { it.id == "education" }
        assertEquals("文化程度", education.labelZh)
        assertEquals("option", education.type)
        assertEquals(listOf("college", "high_school", "middle_school", "primary_or_less"), education.options.map { it.first })
        assertEquals(18, fields.size)
    }

    @Test
    fun `an estimate carries its explanation and what would raise it`() {
        val e = scoring.estimate("jinxiang", "H1", """{$base, "honors": {"moral_model": "national"}}""")
        assertTrue(e.eligible && e.creditHousehold)
        assertEquals(80.0, e.points)
        assertEquals(80_000L, e.limitYuan)
        assertEquals(50_000L, e.initialLimitYuan)
        assertEquals(5.5, e.ratePercent)
        assertEquals(listOf(30.0, 50.0), e.contributions.filter { it.points > 0 }.map { it.points })
        assertEquals("基础分", e.contributions.first().label)
        val honours = e.improvements.first { it.item == "honors" }
        assertTrue(honours.maxPoints > honours.points)
    }

    @Test
    fun `missing facts are named and the LPR floor applies`() {
        // Eligibility facts are asked for first, then the scoring facts.
        val eligibilityOnly = scoring.estimate("luquan", "H2", """{"applicant_age": 30}""")
        assertEquals(listOf("bad_loan_or_dispute", "full_capacity", "legal_income"), eligibilityOnly.missingFacts)
        val eligible = """{"applicant_age": 30, "full_capacity": true, "legal_income": true, "bad_loan_or_dispute": false}"""
        val missing = scoring.estimate("luquan", "H2", eligible)
        assertTrue("education" in missing.missingFacts, missing.missingFacts.toString())
        assertEquals(0L, missing.limitYuan)
        val high = """{$base, "honors": {"moral_model": "national", "rural_talent": "national", "civilized_family": "county"}}"""
        assertEquals(3.45, scoring.estimate("jinxiang", "H3", high, lprPercent = 3.45).ratePercent)
    }

    @Test
    fun `committee limits aggregate back to back ratings`() {
        val c = scoring.committeeLimit(listOf(20_000, 50_000, 30_000, null))
        assertEquals(30_000L, c.limitYuan)
        assertTrue(scoring.committeeLimit(listOf(10_000, null)).insufficientReviews)
        assertNull(scoring.committeeLimit(listOf(10_000, null)).limitYuan)
    }

    @Test
    fun `a broken scorecard or facts text is a clear InvalidInput`() {
        val e = assertThrows<CunxinFailure.InvalidInput> { scoring.estimate("nosuch", "H", "{}") }
        assertTrue(e.message!!.contains("neither a built-in name"), e.message)
        assertThrows<CunxinFailure.InvalidInput> { scoring.estimate("luquan", "H", "[1,2]") }
    }
}
