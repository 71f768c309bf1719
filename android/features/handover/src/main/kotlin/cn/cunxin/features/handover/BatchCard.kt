package cn.cunxin.features.handover

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import cn.cunxin.api.handover.BatchInfo
import cn.cunxin.api.handover.BatchState
import cn.cunxin.api.handover.ReturnedHousehold
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.MessageBanner
import cn.cunxin.designsystem.Pill
import cn.cunxin.designsystem.SecondaryButton
import cn.cunxin.designsystem.strings

/** One batch: its state, size, upload progress, and the bank's receipt or refusal. */
@Composable
internal fun BatchCard(batch: BatchInfo, state: HandOverState, events: EventSink<HandOverEvent>) {
    val s = strings
    Surface(Modifier.fillMaxWidth(), shape = RoundedCornerShape(8.dp), color = CunxinColors.SurfaceVariant) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(12.dp)) {
                // The title is short and never wraps; a long state label gives way instead.
                Text(s.batchTitle(batch.batchId), style = MaterialTheme.typography.titleMedium, maxLines = 1)
                StatePill(batch.state, Modifier.weight(1f, fill = false))
            }
            Text(s.batchSize(batch.households, batch.batchBytes) + " · " + s.sealedAt(batch.sealedAt), style = MaterialTheme.typography.bodyMedium)
            batch.exportedAt?.takeIf { batch.state == BatchState.EXPORTED }?.let { Text(s.exportedAt(it), style = MaterialTheme.typography.bodyMedium) }
            state.uploadOf(batch)?.let { (done, total) -> Progress(s.uploaded(done, total), if (total == 0L) 1f else done.toFloat() / total) }
            batch.refusedReason?.takeIf { batch.state == BatchState.REFUSED }?.let {
                MessageBanner(s.refusedBecause(s.bankReason(it)), background = CunxinColors.ErrorContainer, foreground = CunxinColors.OnErrorContainer)
            }
            if (batch.state == BatchState.UPLOADED) Receipt(batch, state, events)
        }
    }
}

@Composable
private fun Receipt(batch: BatchInfo, state: HandOverState, events: EventSink<HandOverEvent>) {
    val s = strings
    batch.receiptId?.let { Text(s.receipt(it, batch.receivedAt), style = MaterialTheme.typography.bodyMedium) }
    Text(s.accepted(batch.households - batch.returned.size), style = MaterialTheme.typography.bodyLarge, color = CunxinColors.Success)
    state.filesDestroyed[batch.batchId]?.let { MessageBanner(s.purged(it)) }
    if (batch.returned.isNotEmpty()) {
        Text(s.returnedCount(batch.returned.size), style = MaterialTheme.typography.bodyLarge)
        batch.returned.forEach { Returned(it, state, events) }
    }
}

/** A household the bank sent back: its number, the bank's reason in the screen's language, and Reopen while it waits for it. */
@Composable
private fun Returned(returned: ReturnedHousehold, state: HandOverState, events: EventSink<HandOverEvent>) {
    val s = strings
    Surface(Modifier.fillMaxWidth(), shape = RoundedCornerShape(8.dp), color = CunxinColors.WarningContainer) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
            Text(s.householdTitle(returned.household), style = MaterialTheme.typography.titleSmall, color = CunxinColors.Warning)
            Text(s.labelled(s.reason, s.bankReason(returned.reason)), style = MaterialTheme.typography.bodyMedium, color = CunxinColors.Warning)
            when {
                state.reopenable(returned.household) -> SecondaryButton(s.reopenReturned, { events.onEvent(HandOverEvent.Reopen(returned.household)) })
                state.returnedStates[returned.household] == HouseholdState.IN_PROGRESS -> Text(s.reopenedReturned, style = MaterialTheme.typography.bodyMedium)
            }
        }
    }
}

@Composable
private fun StatePill(state: BatchState, modifier: Modifier) {
    val (background, foreground) = when (state) {
        BatchState.UPLOADED -> CunxinColors.SuccessContainer to CunxinColors.Success
        BatchState.SEALED, BatchState.EXPORTED -> CunxinColors.PrimaryContainer to CunxinColors.OnPrimaryContainer
        BatchState.REFUSED -> CunxinColors.ErrorContainer to CunxinColors.OnErrorContainer
        BatchState.REOPENED -> CunxinColors.Surface to CunxinColors.OnSurfaceVariant
    }
    Pill(strings.batchState(state), background, foreground, modifier)
}
