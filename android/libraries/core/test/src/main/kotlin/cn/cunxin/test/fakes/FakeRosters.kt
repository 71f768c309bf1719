package cn.cunxin.test.fakes

import cn.cunxin.api.intake.RosterProblem
import cn.cunxin.api.intake.RosterReport
import cn.cunxin.api.intake.Rosters

/** Checks UTF-8 CSV rosters; a test adds problems the fake cannot find itself to [problems]. */
class FakeRosters : Rosters {
    val problems = mutableMapOf<String, List<RosterProblem>>()

    override suspend fun check(path: String): RosterReport = RosterCsv.report(path, problems[path].orEmpty())
}
