package cn.cunxin.test.contracts

import cn.cunxin.api.intake.Rosters
import cn.cunxin.test.builders.aRosterCsv
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

/** What the work list relies on from [Rosters]; extended with the fake and with the real core. */
abstract class RostersContract {
    abstract fun rosters(): Rosters

    @TempDir
    lateinit var dir: File

    private fun roster(): String = File(dir, "roster.csv").apply {
        val good = aRosterCsv(Triple("H001", "11010519491231002X", "王长明"), Triple("H002", "410303199003071238", "单乐"))
        writeText(good + "城关镇,王庄村,一组,,李建国,,H003,王庄村3号,,男,户主,汉,1980-01,\n")
    }.path

    @Test
    fun `a row with no ID number is an error reported on its spreadsheet row`() {
        val report = rosters().check(roster())
        assertEquals(3, report.rows)
        assertTrue(report.errors.any { it.row == 4 }, report.problems.toString())
    }

    @Test
    fun `people are found by pinyin initials and by the last digits of the ID`() {
        val search = rosters().search(roster())
        assertEquals(listOf("H001"), search.find("wcm").map { it.household })
        assertEquals(listOf("H002"), search.find("1238").map { it.household })
        assertTrue(search.find("1238").none { it.idMasked.contains("19900307") })
    }
}
