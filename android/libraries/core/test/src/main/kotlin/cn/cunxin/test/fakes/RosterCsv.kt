package cn.cunxin.test.fakes

import cn.cunxin.api.intake.RosterProblem
import cn.cunxin.api.intake.RosterReport
import java.io.File

/** The roster columns the fakes (and the sample village's flow test) read: UTF-8 CSV with the standard Chinese headers, no quoting. */
object RosterCsv {
    data class Row(
        val row: Int,
        val town: String,
        val village: String,
        val group: String,
        val id: String,
        val name: String,
        val headId: String,
        val household: String,
        val address: String,
        val phone: String,
        val sex: String,
        val relation: String,
    )

    fun read(path: String): List<Row> {
        val lines = File(path).readText(Charsets.UTF_8).removePrefix("\uFEFF").lines().filter { it.isNotBlank() }
        val header = lines.first().split(',').map { it.trim() }
        fun col(cells: List<String>, name: String) = header.indexOf(name).takeIf { it >= 0 }?.let { cells.getOrNull(it)?.trim() }.orEmpty()
        return lines.drop(1).mapIndexed { i, line ->
            val cells = line.split(',')
            val id = col(cells, "身份证").uppercase()
            val headId = col(cells, "户主身份证").ifEmpty { id }
            Row(
                // 1-based data row, header excluded, as the core and the CLI contract number them.
                row = i + 1,
                town = col(cells, "乡镇"),
                village = col(cells, "行政村名称"),
                group = col(cells, "组名"),
                id = id,
                name = col(cells, "姓名"),
                headId = headId,
                household = col(cells, "户号").ifEmpty { headId },
                address = col(cells, "现居住地址"),
                phone = col(cells, "联系方式"),
                sex = col(cells, "性别"),
                relation = col(cells, "与户主关系"),
            )
        }
    }

    fun report(path: String, extra: List<RosterProblem> = emptyList()): RosterReport {
        val rows = read(path)
        val problems = rows.filter { it.id.isEmpty() || it.name.isEmpty() }.map {
            RosterProblem(it.row, "身份证", "missing_id", "第${it.row}行缺少身份证号 / row ${it.row} has no ID number", true)
        }
        val usable = usable(rows)
        return RosterReport(rows.size, usable.map { it.household }.distinct().size, usable.size, (problems + extra).sortedBy { it.row })
    }

    fun usable(rows: List<Row>) = rows.filter { it.id.isNotEmpty() && it.name.isNotEmpty() }
}
