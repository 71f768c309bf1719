package cn.cunxin.api.intake

/** Village rosters (村级采集表): the data-problem report, and finding people at the door. */
interface Rosters {
    /** Checks a roster file (CSV in UTF-8/GBK, or XLSX) by path; loads nothing. */
    fun check(path: String): RosterReport

    /** Search over the usable households of a roster file. */
    fun search(path: String): PeopleSearch
}

data class RosterReport(val rows: Int, val households: Int, val members: Int, val problems: List<RosterProblem>) {
    val errors: List<RosterProblem> get() = problems.filter { it.isError }
}

/** [message] is one sentence in Chinese and English; it never repeats personal data. */
data class RosterProblem(val row: Int, val column: String?, val code: String, val message: String, val isError: Boolean)

interface PeopleSearch {
    /** By name, pinyin initials ("wcm"), last digits of an ID or phone, or household number. */
    fun find(query: String, limit: Int = 20): List<PersonHit>
}

/** A person found; [idMasked] is like 410303********1234. */
data class PersonHit(val household: String, val name: String, val idMasked: String, val matchedBy: String) {
    override fun toString(): String = "PersonHit(household=$household, name=*, id=$idMasked, matchedBy=$matchedBy)"
}
