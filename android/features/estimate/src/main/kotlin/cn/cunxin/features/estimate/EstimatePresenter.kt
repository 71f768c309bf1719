package cn.cunxin.features.estimate

import cn.cunxin.api.visit.Visits
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.architecture.Presenter
import kotlinx.coroutines.CoroutineScope

/**
 * The estimate handed to the resident: only this household, scored from the saved facts and
 * recorded by the core as shown (it audits every showing and flags probing). The tablet goes back
 * to the grid manager only with the passphrase.
 */
class EstimatePresenter(
    household: String,
    private val visits: Visits,
    private val managerCheck: PassphraseCheck,
    private val onLeave: () -> Unit,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
) : Presenter<EstimateState, EstimateEvent>(EstimateState(household), scope, dispatchers) {
    init {
        launch {
            when (val shown = core { visits.showEstimate(household) }) {
                is CoreResult.Done -> setState { it.copy(loading = false, estimate = shown.value) }
                is CoreResult.Failed -> setState { it.copy(loading = false, failure = shown.failure) }
            }
        }
    }

    override fun onEvent(event: EstimateEvent) {
        when (event) {
            EstimateEvent.AskToLeave -> if (current.estimate == null) onLeave() else setState { it.copy(leaving = true) }
            is EstimateEvent.PassphraseChanged -> setState { it.copy(passphrase = event.text, wrongPassphrase = false) }
            EstimateEvent.CancelLeave -> setState { it.copy(leaving = false, passphrase = "", wrongPassphrase = false) }
            EstimateEvent.ConfirmLeave -> {
                val typed = current.passphrase.toCharArray()
                launch {
                    val matches = core { managerCheck.matches(typed) }
                    if (matches is CoreResult.Done && matches.value) {
                        setState { it.copy(leaving = false, passphrase = "") }
                        onLeave()
                    } else {
                        setState { it.copy(passphrase = "", wrongPassphrase = true) }
                    }
                }
            }
        }
    }
}
