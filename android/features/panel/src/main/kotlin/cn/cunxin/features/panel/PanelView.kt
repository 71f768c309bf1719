package cn.cunxin.features.panel

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import cn.cunxin.api.panel.PanelRole
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.LoadingPane
import cn.cunxin.designsystem.MessageBanner
import cn.cunxin.designsystem.PrimaryButton
import cn.cunxin.designsystem.SecondaryButton
import cn.cunxin.designsystem.SectionTitle
import cn.cunxin.designsystem.strings

/** The review panel, one step at a time in a readable column (the tablet passes from hand to hand). */
@Composable
fun PanelView(state: PanelState, events: EventSink<PanelEvent>, modifier: Modifier = Modifier) {
    if (state.loading) {
        LoadingPane(modifier)
        return
    }
    Box(modifier.fillMaxSize().verticalScroll(rememberScrollState()), contentAlignment = Alignment.TopCenter) {
        Column(Modifier.widthIn(max = 760.dp).fillMaxWidth().padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
            when (state.step) {
                PanelStep.SEAT -> Seat(state, events)
                PanelStep.RATING -> Rating(state, events)
                PanelStep.HAND_OVER -> HandOver(state, events)
                PanelStep.RESULTS -> Results(state, events)
            }
        }
    }
}

@Composable
private fun ColumnScope.Seat(state: PanelState, events: EventSink<PanelEvent>) {
    val s = strings
    MessageBanner(s.panelIntro, background = CunxinColors.PrimaryContainer, foreground = CunxinColors.OnPrimaryContainer)
    state.village?.let { SectionTitle(s.panelVillage(it, state.households.size)) }
    if (state.membersDone > 0) Text(s.membersDone(state.membersDone), style = MaterialTheme.typography.bodyLarge)
    OutlinedTextField(state.memberName, { events.onEvent(PanelEvent.NameChanged(it)) }, Modifier.fillMaxWidth(), label = { Text(s.memberName) }, singleLine = true)
    SectionTitle(s.memberSeat)
    Choices(PanelRole.entries, state.role, s::role) { events.onEvent(PanelEvent.RoleChosen(it)) }
    Problems(state)
    PrimaryButton(s.startRating, { events.onEvent(PanelEvent.StartRating) }, Modifier.fillMaxWidth(), enabled = state.canStart)
    ManagerGate(state, events)
}

@Composable
private fun ColumnScope.Rating(state: PanelState, events: EventSink<PanelEvent>) {
    val s = strings
    val household = state.rating ?: return
    val draft = state.draft
    val change = { d: RatingDraft -> events.onEvent(PanelEvent.DraftChanged(d)) }
    Text(state.role?.let { "${state.memberName} · ${s.role(it)}" } ?: state.memberName, style = MaterialTheme.typography.bodyLarge, color = MaterialTheme.colorScheme.onSurfaceVariant)
    SectionTitle(s.ratingOf(state.position + 1, state.toRate.size))
    Text(s.householdLine(household.id, household.group, household.headNameMasked), style = MaterialTheme.typography.titleLarge)
    Row(verticalAlignment = Alignment.CenterVertically) {
        Checkbox(draft.abstains, { change(RatingDraft(abstains = it, note = draft.note)) })
        Text(s.abstain, style = MaterialTheme.typography.bodyLarge)
    }
    val rating = !draft.abstains
    Text(s.business, style = MaterialTheme.typography.bodyLarge)
    Choices((1..5).toList(), draft.business, { it.toString() }, rating) { change(draft.copy(business = it)) }
    Text(s.integrity, style = MaterialTheme.typography.bodyLarge)
    Choices((1..5).toList(), draft.integrity, { it.toString() }, rating) { change(draft.copy(integrity = it)) }
    val digits = KeyboardOptions(keyboardType = KeyboardType.Number)
    OutlinedTextField(draft.income, { change(draft.copy(income = it)) }, Modifier.fillMaxWidth(), enabled = rating, label = { Text(s.estimatedIncome) }, singleLine = true, keyboardOptions = digits)
    OutlinedTextField(draft.limit, { change(draft.copy(limit = it)) }, Modifier.fillMaxWidth(), enabled = rating, label = { Text(s.suggestedLimit) }, singleLine = true, keyboardOptions = digits)
    OutlinedTextField(draft.note, { change(draft.copy(note = it)) }, Modifier.fillMaxWidth(), label = { Text(s.note) })
    Problems(state)
    PrimaryButton(s.submitRating, { events.onEvent(PanelEvent.Submit) }, Modifier.fillMaxWidth(), enabled = state.canSubmit)
    SecondaryButton(s.seeResult, { events.onEvent(PanelEvent.SeeResult) }, Modifier.fillMaxWidth(), enabled = !state.working)
}

@Composable
private fun ColumnScope.HandOver(state: PanelState, events: EventSink<PanelEvent>) {
    val s = strings
    Text(s.passTablet, Modifier.padding(top = 24.dp), style = MaterialTheme.typography.headlineSmall, color = MaterialTheme.colorScheme.primary)
    Text(s.nothingShown, style = MaterialTheme.typography.bodyLarge)
    Text(s.membersDone(state.membersDone), style = MaterialTheme.typography.bodyLarge)
    PrimaryButton(s.nextMember, { events.onEvent(PanelEvent.NextMember) }, Modifier.fillMaxWidth())
    ManagerGate(state, events)
}

/** The grid manager ends the panel with the passphrase; only then are the results shown. */
@Composable
private fun ColumnScope.ManagerGate(state: PanelState, events: EventSink<PanelEvent>) {
    val s = strings
    SectionTitle(s.panelDone)
    OutlinedTextField(
        state.passphrase, { events.onEvent(PanelEvent.PassphraseChanged(it)) }, Modifier.fillMaxWidth(),
        label = { Text(s.managerPassphrase) }, singleLine = true, visualTransformation = PasswordVisualTransformation(),
    )
    if (state.problem == PanelProblem.PASSPHRASE_WRONG) Refusal(s.sentence(PanelProblem.PASSPHRASE_WRONG))
    SecondaryButton(s.showResults, { events.onEvent(PanelEvent.ShowResults) }, Modifier.fillMaxWidth(), enabled = state.passphrase.isNotEmpty())
}

/** The step's own problem or the core's refusal, never the gate's wrong passphrase (shown by the gate). */
@Composable
private fun Problems(state: PanelState) {
    state.problem?.takeIf { it != PanelProblem.PASSPHRASE_WRONG }?.let { Refusal(strings.sentence(it)) }
    state.failure?.let { Refusal(it) }
}
