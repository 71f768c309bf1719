package cn.cunxin.features.worklist

import cn.cunxin.api.households.Households
import cn.cunxin.api.households.SearchFilter
import cn.cunxin.api.handover.Batches
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.Presenter
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.StateFlow

/**
 * The grid manager's list: progress per village and group, search as you type (each keystroke
 * cancels the search before it, so only the latest answer is shown), filters, the roster import
 * with its problem report, the offline indicator and what waits for upload.
 */
class WorkListPresenter(
    private val households: Households,
    private val batches: Batches,
    online: StateFlow<Boolean>,
    /** Asks the grid manager for a roster file (a file chooser); null when cancelled. */
    private val pickRoster: suspend () -> String?,
    private val onOpen: (String) -> Unit,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
    /** The household still chosen when coming back to the list. */
    selected: String? = null,
) : Presenter<WorkListState, WorkListEvent>(WorkListState(selected = selected), scope, dispatchers) {
    private var searching: Job? = null

    init {
        launch { online.collect { value -> setState { it.copy(online = value) } } }
        refresh()
    }

    override fun onEvent(event: WorkListEvent) {
        when (event) {
            is WorkListEvent.QueryChanged -> {
                setState { it.copy(query = event.query) }
                search()
            }
            is WorkListEvent.VillageChosen -> filter { it.copy(village = event.village, group = null) }
            is WorkListEvent.GroupChosen -> filter { it.copy(group = event.group) }
            is WorkListEvent.StateChosen -> filter { it.copy(states = setOfNotNull(event.state)) }
            WorkListEvent.RevisitDueToggled -> filter { it.copy(revisitDueOnly = !it.revisitDueOnly) }
            is WorkListEvent.Selected -> {
                setState { it.copy(selected = event.household) }
                onOpen(event.household)
            }
            WorkListEvent.ContinueLast -> current.lastEdited?.let { onEvent(WorkListEvent.Selected(it)) }
            WorkListEvent.PickRoster -> importRoster()
            WorkListEvent.DismissImport -> setState { it.copy(imported = null) }
            WorkListEvent.Refresh -> refresh()
        }
    }

    private fun filter(change: (SearchFilter) -> SearchFilter) {
        setState { it.copy(filter = change(it.filter)) }
        search()
    }

    private fun refresh() {
        launch {
            val loaded = core { Triple(households.progress(), households.lastEdited(), batches.waiting()) }
            when (loaded) {
                is CoreResult.Done -> {
                    val (groups, last, waiting) = loaded.value
                    setState { it.copy(loading = false, groups = groups, lastEdited = last, waitingUpload = waiting.finalizedHouseholds + waiting.sealedHouseholds, failure = null) }
                }
                is CoreResult.Failed -> setState { it.copy(loading = false, failure = loaded.failure) }
            }
            search()
        }
    }

    private fun search() {
        searching?.cancel()
        val query = current.query
        val filter = current.filter
        searching = launch {
            when (val found = core { households.search(query, filter, LIMIT) }) {
                is CoreResult.Done -> setState { if (it.query == query && it.filter == filter) it.copy(hits = found.value, hitsQuery = query, failure = null) else it }
                is CoreResult.Failed -> setState { it.copy(failure = found.failure) }
            }
        }
    }

    private fun importRoster() {
        launch {
            val path = pickRoster() ?: return@launch
            setState { it.copy(importing = true, imported = null, failure = null) }
            when (val result = core { households.importRoster(path) }) {
                is CoreResult.Done -> setState { it.copy(importing = false, imported = result.value) }
                is CoreResult.Failed -> setState { it.copy(importing = false, failure = result.failure) }
            }
            refresh()
        }
    }

    companion object {
        /** Every line of a big village (5,000 households): the list is lazy, so all of them can be there. */
        const val LIMIT = 10_000
    }
}
