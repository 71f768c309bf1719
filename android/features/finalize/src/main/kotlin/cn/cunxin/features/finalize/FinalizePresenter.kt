package cn.cunxin.features.finalize

import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.visit.MissingItem
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.Presenter
import cn.cunxin.architecture.VisitStep
import kotlinx.coroutines.CoroutineScope

/**
 * What still stops the visit from being final, each item a link to the screen that fixes it;
 * finalize when nothing is missing; reopen a finalized visit with a reason for a correction.
 */
class FinalizePresenter(
    household: String,
    private val store: FieldStore,
    private val onGo: (VisitStep) -> Unit,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
) : Presenter<FinalizeState, FinalizeEvent>(FinalizeState(household), scope, dispatchers) {
    private val id = household

    init {
        launch { reload() }
    }

    override fun onEvent(event: FinalizeEvent) {
        when (event) {
            is FinalizeEvent.Fix -> onGo(stepFor(event.item))
            FinalizeEvent.Finalize -> if (current.canFinalize) run { store.visits.finalize(id) }
            FinalizeEvent.StartReopen -> setState { it.copy(reopening = true) }
            is FinalizeEvent.ReopenReasonChanged -> setState { it.copy(reopenReason = event.text) }
            FinalizeEvent.CancelReopen -> setState { it.copy(reopening = false, reopenReason = "") }
            FinalizeEvent.ConfirmReopen -> if (current.reopenReason.isNotBlank()) {
                val reason = current.reopenReason.trim()
                run { store.visits.reopen(id, reason) }
            }
            FinalizeEvent.Refresh -> launch { reload() }
        }
    }

    private fun run(block: suspend () -> Int) {
        setState { it.copy(busy = true, failure = null) }
        launch {
            when (val result = core { block() }) {
                is CoreResult.Done -> setState { it.copy(busy = false, reopening = false, reopenReason = "", finalizedRevision = result.value) }
                is CoreResult.Failed -> setState { it.copy(busy = false, failure = result.failure) }
            }
            reload()
        }
    }

    private suspend fun reload() {
        val loaded = core { Triple(store.households.detail(id).line.state, store.visits.finalizeChecklist(id), store.visits.form()) }
        when (loaded) {
            is CoreResult.Failed -> setState { it.copy(loading = false, failure = loaded.failure) }
            is CoreResult.Done -> {
                val (state, missing, form) = loaded.value
                setState { it.copy(loading = false, state = state, missing = missing, factLabels = form.fields.associate { f -> f.id to f.label }) }
            }
        }
    }

    companion object {
        fun stepFor(item: MissingItem): VisitStep = when (item) {
            is MissingItem.Facts -> VisitStep.FACTS
            is MissingItem.Photo -> VisitStep.PHOTOS
            is MissingItem.Consent -> VisitStep.CONSENTS
            is MissingItem.RosterFields -> VisitStep.HOUSEHOLD
            is MissingItem.Panel -> VisitStep.ESTIMATE
            MissingItem.Estimate -> VisitStep.ESTIMATE
        }
    }
}
