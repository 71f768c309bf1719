package cn.cunxin.features.worklist

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.households.GroupProgress
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.RosterImport
import cn.cunxin.api.households.SearchFilter
import cn.cunxin.api.households.SearchHit

data class WorkListState(
    val loading: Boolean = true,
    val groups: List<GroupProgress> = emptyList(),
    val query: String = "",
    val filter: SearchFilter = SearchFilter(),
    val hits: List<SearchHit> = emptyList(),
    /** The query [hits] answer (null before the first answer): typing ahead of the core shows the last answer. */
    val hitsQuery: String? = null,
    val selected: String? = null,
    /** "Continue where I left off": the household last edited, if still open. */
    val lastEdited: String? = null,
    val waitingUpload: Int = 0,
    val online: Boolean = false,
    val importing: Boolean = false,
    /** The last import's result and its problem report, until dismissed. */
    val imported: RosterImport? = null,
    val failure: CunxinFailure? = null,
) {
    val villages: List<String> get() = groups.map { it.village }.distinct()

    /** The progress counts of what the filter shows: everything, a village or one group. */
    val counts: Map<HouseholdState, Int>
        get() = groups.filter { (filter.village == null || it.village == filter.village) && (filter.group == null || it.group == filter.group) }
            .flatMap { it.counts.entries }.groupBy({ it.key }, { it.value }).mapValues { it.value.sum() }

    val revisitDue: Int
        get() = groups.filter { filter.village == null || it.village == filter.village }.sumOf { it.revisitDue }

    val empty: Boolean get() = !loading && groups.isEmpty()
}

sealed interface WorkListEvent {
    data class QueryChanged(val query: String) : WorkListEvent

    data class VillageChosen(val village: String?) : WorkListEvent

    data class GroupChosen(val group: String?) : WorkListEvent

    data class StateChosen(val state: HouseholdState?) : WorkListEvent

    data object RevisitDueToggled : WorkListEvent

    data class Selected(val household: String) : WorkListEvent

    data object ContinueLast : WorkListEvent

    data object PickRoster : WorkListEvent

    data object DismissImport : WorkListEvent

    /** Coming back to the list: counts and lines may have changed. */
    data object Refresh : WorkListEvent
}
