package cn.cunxin.test.fakes

import cn.cunxin.api.intake.PeopleSearch
import cn.cunxin.api.intake.PersonHit
import cn.cunxin.api.intake.RosterProblem
import cn.cunxin.api.intake.RosterReport
import cn.cunxin.api.intake.Rosters
import java.io.File

/** Reads UTF-8 CSV rosters with the standard headers; problems are what a test sets in [problems]. */
class FakeRosters(private val pinyin: Map<Char, Char> = DEFAULT_INITIALS) : Rosters {
    /** Extra problems reported for a path, on top of the rows the fake cannot read. */
    val problems = mutableMapOf<String, List<RosterProblem>>()

    override fun check(path: String): RosterReport {
        val rows = RosterCsv.read(path)
        val unreadable = rows.filter { it.id.isEmpty() || it.name.isEmpty() }.map {
            RosterProblem(it.row, "身份证", "missing_id", "第${it.row}行缺少身份证号 / row ${it.row} has no ID number", true)
        }
        val usable = rows.filter { it.id.isNotEmpty() && it.name.isNotEmpty() }
        return RosterReport(
            rows = rows.size,
            households = usable.map { it.household }.distinct().size,
            members = usable.size,
            problems = (unreadable + problems[path].orEmpty()).sortedBy { it.row },
        )
    }

    override fun search(path: String): PeopleSearch {
        val rows = RosterCsv.read(path).filter { it.id.isNotEmpty() }
        return object : PeopleSearch {
            override fun find(query: String, limit: Int): List<PersonHit> = rows
                .mapNotNull { row -> matchedBy(row, query.trim().lowercase())?.let { PersonHit(row.household, maskName(row.name), maskId(row.id), it) } }
                .take(limit)
        }
    }

    private fun matchedBy(row: RosterCsv.Row, q: String): String? = when {
        q.isEmpty() -> null
        row.name.contains(q) -> "name"
        row.name.map { pinyin[it] ?: '?' }.joinToString("").startsWith(q) -> "initials"
        q.all(Char::isDigit) && q.length >= 4 && row.id.endsWith(q) -> "id_tail"
        q.all(Char::isDigit) && q.length >= 4 && row.phone.endsWith(q) -> "phone_tail"
        row.household.lowercase() == q -> "household"
        else -> null
    }

    companion object {
        /** Initials of the characters the tests' rosters use; the core has the whole table. */
        val DEFAULT_INITIALS: Map<Char, Char> =
            "王w长c明m单s乐l李l建j国g张z秀x英y刘l红h梅m陈c志z强q赵z丽l华h".chunked(2).associate { it[0] to it[1] }
    }
}

/** The roster columns the fakes read. */
internal object RosterCsv {
    data class Row(val row: Int, val village: String, val group: String, val id: String, val name: String, val headId: String, val household: String, val phone: String, val relation: String, val sex: String)

    fun read(path: String): List<Row> {
        val lines = File(path).readText(Charsets.UTF_8).removePrefix("\uFEFF").lines().filter { it.isNotBlank() }
        val header = lines.first().split(',').map { it.trim() }
        fun col(cells: List<String>, name: String) = header.indexOf(name).takeIf { it >= 0 }?.let { cells.getOrNull(it)?.trim() }.orEmpty()
        return lines.drop(1).mapIndexed { i, line ->
            val cells = line.split(',')
            val id = col(cells, "身份证").uppercase()
            Row(
                row = i + 2,
                village = col(cells, "行政村名称"),
                group = col(cells, "组名"),
                id = id,
                name = col(cells, "姓名"),
                headId = col(cells, "户主身份证").ifEmpty { id },
                household = col(cells, "户号").ifEmpty { col(cells, "户主身份证").ifEmpty { id } },
                phone = col(cells, "联系方式"),
                relation = col(cells, "与户主关系"),
                sex = col(cells, "性别"),
            )
        }
    }
}
