package cn.cunxin.api.intake

/** Village rosters (村级采集表): the data-problem report (问题一览表), before anything is loaded. */
interface Rosters {
    /** Checks a roster file (CSV in UTF-8/GBK, or XLSX) by path; loads nothing. */
    suspend fun check(path: String): RosterReport
}

data class RosterReport(val rows: Int, val households: Int, val members: Int, val problems: List<RosterProblem>) {
    val errors: List<RosterProblem> get() = problems.filter { it.isError }
    val warnings: List<RosterProblem> get() = problems.filterNot { it.isError }
}

/**
 * One line of the report. [code] is the problem's stable code (designsystem may give it its own
 * text); [message] is one sentence in Chinese and English from the core; neither repeats personal data.
 */
data class RosterProblem(val row: Int, val column: String?, val code: String, val message: String, val isError: Boolean)
