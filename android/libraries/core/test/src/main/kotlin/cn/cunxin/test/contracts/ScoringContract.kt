package cn.cunxin.test.contracts

import cn.cunxin.api.scoring.Scoring
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** What the facts form relies on from [Scoring]; extended with the fake and with the real core. */
abstract class ScoringContract {
    abstract fun scoring(): Scoring

    @Test
    fun `the luquan form declares each fact once, with labels in both languages`() {
        val form = scoring().form("luquan")
        assertEquals(form.size, form.map { it.id }.toSet().size)
        assertTrue(form.map { it.id }.containsAll(listOf("applicant_age", "household_size", "credit_history")))
        assertTrue(form.all { it.labelZh.isNotBlank() && it.labelEn.isNotBlank() })
    }

    @Test
    fun `an empty form is not complete and lists the required facts as still needed`() {
        val progress = scoring().progress("luquan", "{}")
        assertFalse(progress.complete)
        val required = scoring().form("luquan").filter { it.required }.map { it.id }
        assertTrue(progress.missingFacts.containsAll(listOf("applicant_age", "household_size")), progress.toString())
        assertTrue(required.containsAll(progress.missingFacts), progress.toString())
    }
}
