package cn.cunxin.features.estimate

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.scoring.Estimate

data class EstimateState(
    val household: String,
    val loading: Boolean = true,
    val estimate: Estimate? = null,
    /** The grid manager is typing the passphrase to take the tablet back. */
    val leaving: Boolean = false,
    val passphrase: String = "",
    val wrongPassphrase: Boolean = false,
    val failure: CunxinFailure? = null,
)

sealed interface EstimateEvent {
    /** Back or "hand back": asks for the grid manager's passphrase first. */
    data object AskToLeave : EstimateEvent

    data class PassphraseChanged(val text: String) : EstimateEvent

    data object ConfirmLeave : EstimateEvent

    data object CancelLeave : EstimateEvent
}
