package cn.cunxin.features.handover

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxHeight
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.FailureBanner
import cn.cunxin.designsystem.LoadingPane
import cn.cunxin.designsystem.MessageBanner
import cn.cunxin.designsystem.PrimaryButton
import cn.cunxin.designsystem.SecondaryButton
import cn.cunxin.designsystem.SectionTitle
import cn.cunxin.designsystem.TwoPaneMinWidth
import cn.cunxin.designsystem.strings

/** The hand-over centre: on a tablet the actions on the left and the batches on the right; on a phone one column. */
@Composable
fun HandOverView(state: HandOverState, events: EventSink<HandOverEvent>, modifier: Modifier = Modifier) {
    if (state.loading) {
        LoadingPane(modifier)
        return
    }
    BoxWithConstraints(modifier.fillMaxSize()) {
        if (maxWidth >= TwoPaneMinWidth) {
            Row(Modifier.fillMaxSize().padding(16.dp), horizontalArrangement = Arrangement.spacedBy(24.dp)) {
                Pane(Modifier.width(480.dp).fillMaxHeight()) { Actions(state, events) }
                Pane(Modifier.weight(1f).fillMaxHeight()) { BatchList(state, events) }
            }
        } else {
            Pane(Modifier.fillMaxSize().padding(16.dp)) {
                Actions(state, events)
                BatchList(state, events)
            }
        }
    }
}

@Composable
private fun Pane(modifier: Modifier, content: @Composable ColumnScope.() -> Unit) =
    Column(modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(12.dp), content = content)

@Composable
private fun Actions(state: HandOverState, events: EventSink<HandOverEvent>) {
    val s = strings
    MessageBanner(s.noPurgeWithoutReceipt, background = CunxinColors.PrimaryContainer, foreground = CunxinColors.OnPrimaryContainer)
    state.failure?.let { FailureBanner(it) }

    SectionTitle(s.finalizedWaiting(state.waiting.finalizedHouseholds))
    state.sealProgress?.takeIf { state.working == Work.SEAL }?.let { p ->
        Progress(s.sealing(p.householdsDone, p.householdsTotal), p.householdsDone.toFloat() / p.householdsTotal.coerceAtLeast(1))
    }
    PrimaryButton(s.sealNow, { events.onEvent(HandOverEvent.Seal) }, Modifier.fillMaxWidth(), enabled = state.canSeal)

    SectionTitle(if (state.waiting.sealedBatches > 0) s.batchesWaiting(state.waiting.sealedBatches, state.waiting.sealedHouseholds) else s.nothingToHandOver)
    val upload = state.upload
    if (state.working == Work.HAND_OVER) {
        if (upload != null) Progress(s.uploadingBatch(upload.batch + 1, upload.batches), upload.fraction.toFloat(), s.uploaded(upload.bytesDone, upload.bytesTotal))
        SecondaryButton(s.pauseUpload, { events.onEvent(HandOverEvent.Pause) }, Modifier.fillMaxWidth())
    } else {
        if (state.paused) MessageBanner(s.uploadPaused, background = CunxinColors.WarningContainer, foreground = CunxinColors.Warning)
        PrimaryButton(s.handOverAction, { events.onEvent(HandOverEvent.HandOver) }, Modifier.fillMaxWidth(), enabled = state.canHandOver)
    }

    SectionTitle(s.usbTitle)
    SecondaryButton(s.exportToUsb, { events.onEvent(HandOverEvent.ExportToUsb) }, Modifier.fillMaxWidth(), enabled = state.canHandOver)
    SecondaryButton(s.importAnswers, { events.onEvent(HandOverEvent.ImportFromUsb) }, Modifier.fillMaxWidth(), enabled = state.canImport)
    state.exportedFiles?.let { MessageBanner(s.exportedFiles(it)) }
    state.answersImported?.let { MessageBanner(s.answersImported(it)) }
}

@Composable
private fun BatchList(state: HandOverState, events: EventSink<HandOverEvent>) {
    val s = strings
    SectionTitle(s.batchesTitle)
    if (state.batches.isEmpty()) {
        Text(s.noBatches, style = MaterialTheme.typography.bodyLarge, color = MaterialTheme.colorScheme.onSurfaceVariant)
    }
    state.batches.forEach { BatchCard(it, state, events) }
}

/** A titled bar: what runs, how far, and an optional line of bytes below. */
@Composable
internal fun Progress(title: String, fraction: Float, detail: String? = null) {
    Column(Modifier.fillMaxWidth(), verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(title, style = MaterialTheme.typography.bodyLarge)
        LinearProgressIndicator(progress = { fraction.coerceIn(0f, 1f) }, modifier = Modifier.fillMaxWidth())
        detail?.let { Text(it, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant) }
    }
}
