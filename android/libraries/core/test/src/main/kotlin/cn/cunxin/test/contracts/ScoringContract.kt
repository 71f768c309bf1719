package cn.cunxin.test.contracts

import cn.cunxin.api.intake.ResidentIdCheck
import cn.cunxin.api.intake.ResidentIds
import cn.cunxin.api.intake.Rosters
import cn.cunxin.api.intake.Sex
import cn.cunxin.api.scoring.Scoring
import cn.cunxin.test.builders.aRosterCsv
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.time.LocalDate

/** What the facts form relies on from [Scoring]; extended with the fake and with the real core. */
abstract class ScoringContract {
    abstract fun scoring(): Scoring

    @Test
    fun `the luquan form declares each fact once, with labels in both languages`() = runBlocking {
        val form = scoring().form("luquan")
        assertEquals(form.fields.size, form.fields.map { it.id }.toSet().size)
        assertTrue(form.fields.map { it.id }.containsAll(listOf("applicant_age", "household_size", "credit_history")))
        assertTrue(form.fields.all { it.label.zh.isNotBlank() && it.label.en.isNotBlank() })
    }

    @Test
    fun `an empty form is not complete and lists only required facts as still needed`() = runBlocking {
        val progress = scoring().progress("luquan", emptyMap())
        assertFalse(progress.complete)
        val required = scoring().form("luquan").fields.filter { it.required }.map { it.id }
        assertTrue(progress.missingFacts.containsAll(listOf("applicant_age", "household_size")), progress.toString())
        assertTrue(required.containsAll(progress.missingFacts), progress.toString())
    }
}

/** What the work list's import relies on from [Rosters]. */
abstract class RostersContract {
    abstract fun rosters(): Rosters

    @TempDir
    lateinit var dir: File

    @Test
    fun `a row with no ID number is an error reported on its spreadsheet row`() = runBlocking {
        val file = File(dir, "roster.csv").apply {
            writeText(aRosterCsv(listOf("H001", "410303197003071239", "王长明", "户主"), listOf("H002", "", "李建国", "户主")))
        }
        val report = rosters().check(file.path)
        assertEquals(2, report.rows)
        // The second data row (rows are numbered without the header, as the CLI contract says).
        assertTrue(report.errors.any { it.row == 2 }, report.problems.toString())
    }
}

/** What screens rely on from [ResidentIds]. */
abstract class ResidentIdsContract {
    abstract fun residentIds(): ResidentIds

    @Test
    fun `a valid ID gives its birth date, sex and mask, and a lowercase x is accepted`() = runBlocking {
        val id = assertInstanceOf(ResidentIdCheck.Valid::class.java, residentIds().check("11010519491231002x")).id
        assertEquals(LocalDate.of(1949, 12, 31), id.birthDate)
        assertEquals(Sex.FEMALE, id.sex)
        assertEquals("110105********002X", id.masked)
    }

    @Test
    fun `a mistyped digit is Invalid with a sentence that does not repeat the ID`() = runBlocking {
        val check = assertInstanceOf(ResidentIdCheck.Invalid::class.java, residentIds().check("410303199003071239"))
        assertFalse(check.message.contains("410303199003071239"))
    }
}
