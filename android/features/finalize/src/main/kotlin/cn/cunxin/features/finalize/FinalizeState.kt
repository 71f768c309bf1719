package cn.cunxin.features.finalize

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.scoring.Label
import cn.cunxin.api.visit.MissingItem

data class FinalizeState(
    val household: String,
    val loading: Boolean = true,
    val state: HouseholdState? = null,
    val missing: List<MissingItem> = emptyList(),
    /** Fact id → its label, to name the missing facts. */
    val factLabels: Map<String, Label> = emptyMap(),
    val finalizedRevision: Int? = null,
    val reopening: Boolean = false,
    val reopenReason: String = "",
    val busy: Boolean = false,
    val failure: CunxinFailure? = null,
) {
    val finalized: Boolean get() = state == HouseholdState.FINALIZED
    val canFinalize: Boolean get() = !loading && !busy && missing.isEmpty() && state?.let { it != HouseholdState.FINALIZED && it.ordinal < HouseholdState.SEALED.ordinal } == true
}

sealed interface FinalizeEvent {
    data class Fix(val item: MissingItem) : FinalizeEvent

    data object Finalize : FinalizeEvent

    data object StartReopen : FinalizeEvent

    data class ReopenReasonChanged(val text: String) : FinalizeEvent

    data object ConfirmReopen : FinalizeEvent

    data object CancelReopen : FinalizeEvent

    data object Refresh : FinalizeEvent
}
