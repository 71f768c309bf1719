package cn.cunxin.features.panel

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import cn.cunxin.api.households.HouseholdLine
import cn.cunxin.api.panel.PanelResult
import cn.cunxin.api.scoring.ReconcileFlag
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.Pill
import cn.cunxin.designsystem.PrimaryButton
import cn.cunxin.designsystem.SectionTitle
import cn.cunxin.designsystem.strings

/** For the grid manager: each household's panel limit, the model's limit against it, and a large gap's decision. */
@Composable
internal fun ColumnScope.Results(state: PanelState, events: EventSink<PanelEvent>) {
    SectionTitle(strings.panelResults)
    if (state.problemHousehold == null) state.failure?.let { Refusal(it) }
    state.households.forEach { h -> state.results[h.id]?.let { ResultCard(h, it, state, events) } }
}

@Composable
private fun ResultCard(household: HouseholdLine, result: PanelResult, state: PanelState, events: EventSink<PanelEvent>) {
    val s = strings
    val committee = result.committee
    Surface(Modifier.fillMaxWidth(), shape = RoundedCornerShape(8.dp), color = CunxinColors.SurfaceVariant) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
            Text(s.householdLine(household.id, household.group, household.headNameMasked), style = MaterialTheme.typography.titleMedium)
            if (committee.ratings + committee.abstentions == 0) {
                Text(s.notRatedYet, style = MaterialTheme.typography.bodyLarge)
                return@Column
            }
            Text(s.committeeLine(committee.limitYuan, committee.ratings, committee.abstentions), style = MaterialTheme.typography.bodyLarge)
            if (committee.insufficientReviews) Text(s.insufficientReviews, color = CunxinColors.Warning, style = MaterialTheme.typography.bodyMedium)
            if (committee.disputed) Text(s.disputedReviews, color = CunxinColors.Warning, style = MaterialTheme.typography.bodyMedium)
            val proposal = result.proposal
            if (proposal == null) {
                Text(s.noModelLimit, style = MaterialTheme.typography.bodyLarge)
                return@Column
            }
            Text(s.modelLine(proposal.modelLimitYuan, proposal.proposedLimitYuan), style = MaterialTheme.typography.bodyLarge)
            Row(horizontalArrangement = Arrangement.spacedBy(12.dp), verticalAlignment = Alignment.CenterVertically) {
                val (bg, fg) = if (proposal.flag == ReconcileFlag.NEEDS_REASON) CunxinColors.WarningContainer to CunxinColors.Warning else CunxinColors.SuccessContainer to CunxinColors.Success
                Pill(s.reconcile(proposal.flag), bg, fg)
                proposal.gapPermille?.let { Text(s.gapLine(it), style = MaterialTheme.typography.bodyMedium) }
            }
            result.decisionReason?.let { Text(s.decidedReason(it), style = MaterialTheme.typography.bodyLarge) }
            if (proposal.flag == ReconcileFlag.NEEDS_REASON) DecisionForm(household.id, state, events)
        }
    }
}

@Composable
private fun DecisionForm(household: String, state: PanelState, events: EventSink<PanelEvent>) {
    val s = strings
    val decision = state.decisions[household] ?: Decision()
    val change = { d: Decision -> events.onEvent(PanelEvent.DecisionChanged(household, d)) }
    OutlinedTextField(decision.reason, { change(decision.copy(reason = it)) }, Modifier.fillMaxWidth(), label = { Text(s.reason) }, minLines = 2)
    OutlinedTextField(
        decision.amount, { change(decision.copy(amount = it)) }, Modifier.fillMaxWidth(), label = { Text(s.chosenAmount) }, singleLine = true,
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Number),
    )
    if (state.problemHousehold == household) {
        state.problem?.let { Refusal(s.sentence(it)) }
        state.failure?.let { Refusal(it) }
    }
    PrimaryButton(s.decide, { events.onEvent(PanelEvent.Decide(household)) }, Modifier.fillMaxWidth(), enabled = !state.working)
}
