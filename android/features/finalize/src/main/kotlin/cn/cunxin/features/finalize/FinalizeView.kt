package cn.cunxin.features.finalize

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import cn.cunxin.api.visit.MissingItem
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.FailureBanner
import cn.cunxin.designsystem.LoadingPane
import cn.cunxin.designsystem.MessageBanner
import cn.cunxin.designsystem.MinTouch
import cn.cunxin.designsystem.PrimaryButton
import cn.cunxin.designsystem.SecondaryButton
import cn.cunxin.designsystem.SectionTitle
import cn.cunxin.designsystem.StateChip
import cn.cunxin.designsystem.Strings
import cn.cunxin.designsystem.strings
import cn.cunxin.designsystem.text

@Composable
fun FinalizeView(state: FinalizeState, events: EventSink<FinalizeEvent>, modifier: Modifier = Modifier) {
    val s = strings
    if (state.loading) {
        LoadingPane(modifier)
        return
    }
    Column(modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp).widthIn(max = 840.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(12.dp)) {
            Text(s.householdTitle(state.household), style = MaterialTheme.typography.headlineMedium)
            state.state?.let { StateChip(it) }
        }
        state.failure?.let { FailureBanner(it) }
        when {
            state.finalized -> {
                MessageBanner(state.finalizedRevision?.let { s.finalizedRevision(it) } ?: s.state(cn.cunxin.api.households.HouseholdState.FINALIZED))
                if (state.reopening) {
                    OutlinedTextField(
                        state.reopenReason, { events.onEvent(FinalizeEvent.ReopenReasonChanged(it)) }, Modifier.fillMaxWidth(),
                        label = { Text(s.reason) }, placeholder = { Text(s.reopenReasonHint) }, textStyle = MaterialTheme.typography.bodyLarge,
                    )
                    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        SecondaryButton(s.cancel, { events.onEvent(FinalizeEvent.CancelReopen) })
                        PrimaryButton(s.reopen, { events.onEvent(FinalizeEvent.ConfirmReopen) }, enabled = state.reopenReason.isNotBlank() && !state.busy)
                    }
                } else {
                    SecondaryButton(s.reopen, { events.onEvent(FinalizeEvent.StartReopen) })
                }
            }
            state.missing.isEmpty() -> {
                MessageBanner(s.readyToFinalize)
                PrimaryButton(s.finalizeAction, { events.onEvent(FinalizeEvent.Finalize) }, Modifier.fillMaxWidth(), enabled = state.canFinalize)
            }
            else -> {
                SectionTitle(s.missingCount(state.missing.size))
                state.missing.forEach { item -> MissingRow(item, state, events, s) }
                PrimaryButton(s.finalizeAction, { events.onEvent(FinalizeEvent.Finalize) }, Modifier.fillMaxWidth(), enabled = false)
            }
        }
    }
}

/** One missing thing, in words, as a link to the screen that fixes it. */
@Composable
private fun MissingRow(item: MissingItem, state: FinalizeState, events: EventSink<FinalizeEvent>, s: Strings) {
    val (title, detail) = when (item) {
        is MissingItem.Facts -> s.missingFacts(item.missing.size, item.invalid.size) to
            (item.missing + item.invalid).joinToString("、") { id -> state.factLabels[id]?.text(s) ?: id }
        is MissingItem.Photo -> s.missingPhoto(item.kind, item.member) to null
        is MissingItem.Consent -> s.missingConsent(item.kind) to null
        is MissingItem.Panel -> s.missingPanel(item.needsReason) to null
        MissingItem.Estimate -> s.missingEstimate to null
        is MissingItem.RosterFields -> s.missingRoster(item.member, item.fields.size) to item.fields.joinToString("、") { s.field(it) }
    }
    Surface(
        Modifier.fillMaxWidth().heightIn(min = MinTouch).clickable { events.onEvent(FinalizeEvent.Fix(item)) },
        shape = RoundedCornerShape(8.dp),
        color = CunxinColors.ErrorContainer,
    ) {
        Row(Modifier.padding(12.dp), verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(12.dp)) {
            Column(Modifier.weight(1f)) {
                Text(title, style = MaterialTheme.typography.bodyLarge, color = CunxinColors.OnErrorContainer)
                detail?.let { Text(it, style = MaterialTheme.typography.bodyMedium, color = CunxinColors.OnErrorContainer) }
            }
            Text(s.fix + " ›", style = MaterialTheme.typography.labelLarge, color = CunxinColors.Primary)
        }
    }
}
