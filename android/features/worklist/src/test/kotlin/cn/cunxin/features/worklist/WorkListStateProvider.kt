package cn.cunxin.features.worklist

import cn.cunxin.api.households.GroupProgress
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.MatchedBy
import cn.cunxin.api.households.RosterImport
import cn.cunxin.api.households.SearchFilter
import cn.cunxin.api.households.SearchHit
import cn.cunxin.test.builders.aHouseholdLine
import cn.cunxin.test.builders.aRosterProblem
import cn.cunxin.test.builders.aRosterReport
import cn.cunxin.test.builders.manyHouseholdLines

/** The work list's states worth seeing. */
object WorkListStateProvider {
    private val groups = listOf(
        GroupProgress("王庄村", "一组", mapOf(HouseholdState.IMPORTED to 12, HouseholdState.IN_PROGRESS to 3, HouseholdState.FINALIZED to 8, HouseholdState.NOT_HOME to 2), 1),
        GroupProgress("王庄村", "二组", mapOf(HouseholdState.IMPORTED to 20, HouseholdState.SEALED to 5, HouseholdState.UPLOADED to 9), 0),
        GroupProgress("李家寨", "一组", mapOf(HouseholdState.IMPORTED to 31), 0),
    )
    private val lines = manyHouseholdLines(40)

    val states: List<Pair<String, WorkListState>> = listOf(
        "empty" to WorkListState(loading = false),
        "typical" to WorkListState(
            loading = false, groups = groups, lastEdited = "H00003", waitingUpload = 13,
            hits = lines.map { SearchHit(it, it.headNameMasked, it.headIdMasked, MatchedBy.HOUSEHOLD) },
        ),
        "search" to WorkListState(
            loading = false, groups = groups, query = "wcm", online = true, selected = "H001",
            filter = SearchFilter(village = "王庄村"),
            hits = listOf(
                SearchHit(aHouseholdLine(state = HouseholdState.IN_PROGRESS), "王*明", "410303********1239", MatchedBy.INITIALS),
                SearchHit(aHouseholdLine("H017", headNameMasked = "欧阳**明", group = "二组", state = HouseholdState.NOT_HOME, revisitAt = "2026-11-23 18:00", revisitDue = true), "王*敏", "410303********0021", MatchedBy.INITIALS),
            ),
        ),
        "import-report" to WorkListState(
            loading = false, groups = groups,
            hits = lines.take(8).map { SearchHit(it, it.headNameMasked, it.headIdMasked, MatchedBy.HOUSEHOLD) },
            imported = RosterImport(
                36, 0, 0, listOf("H004"),
                aRosterReport(
                    problems = listOf(
                        aRosterProblem(),
                        aRosterProblem(12, "出生年月", "birth_mismatch", "出生年月与身份证号不一致，以身份证为准 / the birth date disagrees with the ID number; the ID is used", false),
                        aRosterProblem(15, "与户主关系", "two_heads", "同一户有两个户主，请在表中改正 / the household has two heads: correct the sheet", true),
                        aRosterProblem(31, null, "duplicate_person", "同一个人出现了两次（第9行） / the same person appears twice (row 9)", true),
                    ),
                ),
            ),
        ),
    )
}
