package cn.cunxin.features.village

import cn.cunxin.api.village.Villages
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.Presenter
import kotlinx.coroutines.CoroutineScope

/** The village dashboard: the villages in the store, and the chosen one's roll-up from the core. */
class DashboardPresenter(
    private val villages: Villages,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
    village: String? = null,
) : Presenter<DashboardState, DashboardEvent>(DashboardState(village = village), scope, dispatchers) {
    init {
        launch { load(village) }
    }

    override fun onEvent(event: DashboardEvent) {
        when (event) {
            is DashboardEvent.VillageChosen -> if (event.village != current.village || current.failure != null) launch { load(event.village) }
            DashboardEvent.Refresh -> launch { load(current.village) }
        }
    }

    /** The list and one roll-up in one go; a village no longer in the store falls back to the first. */
    private suspend fun load(village: String?) {
        setState { it.copy(loading = true, village = village ?: it.village, failure = null) }
        val loaded = core {
            val list = villages.list()
            val chosen = village?.takeIf { it in list } ?: list.firstOrNull()
            Triple(list, chosen, chosen?.let { villages.rollUp(it) })
        }
        when (loaded) {
            is CoreResult.Failed -> setState { it.copy(loading = false, rollUp = null, failure = loaded.failure) }
            is CoreResult.Done -> {
                val (list, chosen, rollUp) = loaded.value
                setState { it.copy(loading = false, villages = list, village = chosen, rollUp = rollUp) }
            }
        }
    }
}
