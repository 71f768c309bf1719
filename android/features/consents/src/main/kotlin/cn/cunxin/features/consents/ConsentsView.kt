package cn.cunxin.features.consents

import androidx.compose.foundation.BorderStroke
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.border
import androidx.compose.foundation.gestures.detectDragGestures
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxHeight
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.Path
import androidx.compose.ui.graphics.StrokeCap
import androidx.compose.ui.graphics.drawscope.Stroke
import androidx.compose.ui.input.pointer.pointerInput
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.unit.dp
import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.FailureBanner
import cn.cunxin.designsystem.LoadingPane
import cn.cunxin.designsystem.MessageBanner
import cn.cunxin.designsystem.MinTouch
import cn.cunxin.designsystem.PrimaryButton
import cn.cunxin.designsystem.SecondaryButton
import cn.cunxin.designsystem.Strings
import cn.cunxin.designsystem.TwoPaneMinWidth
import cn.cunxin.designsystem.strings
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.ExperimentalLayoutApi

@OptIn(ExperimentalLayoutApi::class)
@Composable
fun ConsentsView(state: ConsentsState, events: EventSink<ConsentsEvent>, modifier: Modifier = Modifier) {
    val s = strings
    if (state.loading) {
        LoadingPane(modifier)
        return
    }
    BoxWithConstraints(modifier.fillMaxSize()) {
        val wide = maxWidth >= TwoPaneMinWidth
        Column(Modifier.fillMaxSize()) {
            FlowRow(Modifier.fillMaxWidth().padding(12.dp), horizontalArrangement = Arrangement.spacedBy(8.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                ConsentKind.entries.forEach { kind ->
                    val record = state.record(kind)
                    val status = when { record == null -> s.notSigned; record.signed -> "✓ " + s.signed; else -> s.refused }
                    FilterChip(state.kind == kind, { events.onEvent(ConsentsEvent.Choose(kind)) }, { Text(s.consentKind(kind) + " · " + status) }, Modifier.heightIn(min = MinTouch))
                }
            }
            if (wide) {
                Row(Modifier.fillMaxSize().padding(horizontal = 16.dp), horizontalArrangement = Arrangement.spacedBy(16.dp)) {
                    Column(Modifier.weight(1f).fillMaxHeight().verticalScroll(rememberScrollState())) { FullText(state, s) }
                    Column(Modifier.weight(1f).fillMaxHeight().verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(12.dp)) { Signing(state, events, s) }
                }
            } else {
                Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(horizontal = 16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                    FullText(state, s)
                    Signing(state, events, s)
                }
            }
        }
    }
}

/** The text in force, in full, in the language on screen, with its version. */
@Composable
private fun FullText(state: ConsentsState, s: Strings) {
    val text = state.text ?: return
    Surface(shape = RoundedCornerShape(12.dp), color = MaterialTheme.colorScheme.surfaceVariant) {
        Column(Modifier.fillMaxWidth().padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(s.textVersion(text.version), style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
            Text(if (s.language == cn.cunxin.designsystem.Language.ZH) text.zh else text.en, style = MaterialTheme.typography.bodyLarge)
        }
    }
}

@Composable
private fun ColumnScope.Signing(state: ConsentsState, events: EventSink<ConsentsEvent>, s: Strings) {
    val record = state.record(state.kind)
    when {
        record?.signed == true -> MessageBanner("✓ " + s.signed + " · " + record.signedAt.replace('T', ' ').take(16))
        record != null -> MessageBanner(s.refused + "：" + record.refusedReason, background = CunxinColors.ErrorContainer, foreground = CunxinColors.OnErrorContainer)
    }
    state.failure?.let { FailureBanner(it) }
    OutlinedTextField(state.signer, { events.onEvent(ConsentsEvent.SignerChanged(it)) }, Modifier.fillMaxWidth(), label = { Text(s.signer) }, singleLine = true, textStyle = MaterialTheme.typography.bodyLarge)
    if (state.refusing) {
        OutlinedTextField(state.refusalReason, { events.onEvent(ConsentsEvent.RefusalReasonChanged(it)) }, Modifier.fillMaxWidth(), label = { Text(s.refusalReason) }, textStyle = MaterialTheme.typography.bodyLarge)
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            SecondaryButton(s.cancel, { events.onEvent(ConsentsEvent.CancelRefusal) })
            PrimaryButton(s.refuse, { events.onEvent(ConsentsEvent.ConfirmRefusal) }, enabled = state.refusalReason.isNotBlank() && !state.busy)
        }
        return
    }
    Text(s.signHere, style = MaterialTheme.typography.bodyLarge)
    Pad(state, events)
    if (state.emptySignature) Text(s.emptySignature, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodyLarge)
    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        SecondaryButton(s.undo, { events.onEvent(ConsentsEvent.Undo) }, enabled = state.strokes.isNotEmpty())
        SecondaryButton(s.clear, { events.onEvent(ConsentsEvent.Clear) }, enabled = state.strokes.isNotEmpty())
    }
    PrimaryButton(s.signAction, { events.onEvent(ConsentsEvent.Sign) }, Modifier.fillMaxWidth(), enabled = !state.busy)
    SecondaryButton(s.refuse, { events.onEvent(ConsentsEvent.StartRefusal) }, Modifier.fillMaxWidth())
}

@Composable
private fun Pad(state: ConsentsState, events: EventSink<ConsentsEvent>) {
    val density = LocalDensity.current.density
    fun toPoint(o: Offset) = Point(o.x / density, o.y / density)
    Canvas(
        Modifier.widthIn(max = ConsentsPresenter.PAD_WIDTH.dp).fillMaxWidth().height(ConsentsPresenter.PAD_HEIGHT.dp)
            .background(Color.White).border(BorderStroke(2.dp, MaterialTheme.colorScheme.outline), RoundedCornerShape(8.dp))
            .pointerInput(Unit) {
                detectDragGestures(
                    onDragStart = { events.onEvent(ConsentsEvent.StrokeStarted(toPoint(it))) },
                    onDrag = { change, _ -> events.onEvent(ConsentsEvent.StrokeExtended(toPoint(change.position))) },
                )
            },
    ) {
        // A baseline to sign on.
        drawLine(Color(0xFFB0B4BE), Offset(16f * density, size.height * 0.75f), Offset(size.width - 16f * density, size.height * 0.75f), strokeWidth = density)
        state.strokes.filter { it.size >= 2 }.forEach { stroke ->
            val path = Path().apply {
                moveTo(stroke.first().x * density, stroke.first().y * density)
                stroke.drop(1).forEach { lineTo(it.x * density, it.y * density) }
            }
            drawPath(path, Color(0xFF111111), style = Stroke(width = 3f * density, cap = StrokeCap.Round))
        }
    }
}
