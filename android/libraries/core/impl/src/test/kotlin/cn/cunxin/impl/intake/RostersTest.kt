package cn.cunxin.impl.intake

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.impl.CoreCunxin
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import kotlinx.coroutines.runBlocking
import java.io.File
import java.nio.charset.Charset

/** Roster checking by the real Rust core, on a GBK file written here. */
class RostersTest {
    private val rosters = CoreCunxin().rosters

    private fun gbkRoster(dir: File): String {
        val csv = """
            乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息
            城关镇,王庄村,一组,11010519491231002X,王长明,,H001,王庄村1号,13812345678,女,户主,汉,1949-12,3亩
            城关镇,王庄村,一组,4.10303E+17,李四,,H002,,,,户主,汉,,
            城关镇,王庄村,二组,110105194912310029,单丽,,H003,,,,户主,汉,,
        """.trimIndent()
        val file = File(dir, "roster.csv")
        file.writeBytes(csv.toByteArray(Charset.forName("GBK")))
        return file.path
    }

    @Test
    fun `a GBK roster gets its problem report through the bindings`(@TempDir dir: File) = runBlocking {
        val report = rosters.check(gbkRoster(dir))
        assertEquals(3, report.rows)
        assertEquals(1, report.households)
        val codes = report.errors.map { it.row to it.code }
        assertEquals(listOf(2 to "excel_scientific", 3 to "id_checksum"), codes)
        assertTrue(report.errors.first().message.contains("Excel"))
        assertEquals("身份证", report.errors.first().column)
    }

    @Test
    fun `a missing roster file is NOT_FOUND with a clear sentence`(@TempDir dir: File) = runBlocking {
        val e = assertThrows<CunxinFailure> { runBlocking { rosters.check(File(dir, "none.csv").path) } }
        assertEquals(FailureCode.NOT_FOUND, e.code)
        assertTrue(e.detail.startsWith("cannot read the roster file"), e.detail)
    }
}
