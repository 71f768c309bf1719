package cn.cunxin.impl.intake

import cn.cunxin.api.intake.PeopleSearch
import cn.cunxin.api.intake.PersonHit
import cn.cunxin.api.intake.RosterProblem
import cn.cunxin.api.intake.RosterReport
import cn.cunxin.api.intake.Rosters
import cn.cunxin.ffi.checkRosterFile
import cn.cunxin.impl.callCore
import cn.cunxin.ffi.PeopleSearch as FfiPeopleSearch

internal class CoreRosters : Rosters {
    override fun check(path: String): RosterReport {
        val r = callCore { checkRosterFile(path) }
        val problems = r.problems.map { RosterProblem(it.row.toInt(), it.column, it.code, it.message, it.isError) }
        return RosterReport(r.rows.toInt(), r.households.toInt(), r.members.toInt(), problems)
    }

    override fun search(path: String): PeopleSearch = CorePeopleSearch(callCore { FfiPeopleSearch.fromRoster(path) })
}

private class CorePeopleSearch(private val index: FfiPeopleSearch) : PeopleSearch {
    override fun find(query: String, limit: Int): List<PersonHit> =
        callCore { index.search(query, limit.toUInt()) }.map { PersonHit(it.household, it.name, it.idMasked, it.matchedBy) }
}
