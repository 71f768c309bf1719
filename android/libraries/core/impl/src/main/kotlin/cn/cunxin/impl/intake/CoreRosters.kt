package cn.cunxin.impl.intake

import cn.cunxin.api.intake.RosterProblem
import cn.cunxin.api.intake.RosterReport
import cn.cunxin.api.intake.Rosters
import cn.cunxin.ffi.checkRosterFile
import cn.cunxin.impl.core
import cn.cunxin.ffi.RosterReport as FfiRosterReport

internal class CoreRosters : Rosters {
    override suspend fun check(path: String): RosterReport = core { checkRosterFile(path) }.toApi()
}

internal fun FfiRosterReport.toApi(): RosterReport = RosterReport(
    rows.toInt(),
    households.toInt(),
    members.toInt(),
    problems.map { RosterProblem(it.row.toInt(), it.column, it.code, it.message, it.isError) },
)
