package cn.cunxin.features.estimate

import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import cn.cunxin.api.scoring.Estimate
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.FailureBanner
import cn.cunxin.designsystem.LoadingPane
import cn.cunxin.designsystem.PrimaryButton
import cn.cunxin.designsystem.SecondaryButton
import cn.cunxin.designsystem.Strings
import cn.cunxin.designsystem.TwoPaneMinWidth
import cn.cunxin.designsystem.strings
import cn.cunxin.designsystem.text

/** Elder-friendly sizes (MIIT guidance): body 20 sp here, the limit 56 sp, dark text on white. */
private val Body = 20.sp
private val Limit = 56.sp

@Composable
fun EstimateView(state: EstimateState, events: EventSink<EstimateEvent>, modifier: Modifier = Modifier) {
    val s = strings
    Box(modifier.fillMaxSize().background(Color.White)) {
        val estimate = state.estimate
        when {
            estimate != null -> BoxWithConstraints(Modifier.fillMaxSize()) {
                val wide = maxWidth >= TwoPaneMinWidth
                Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(if (wide) 32.dp else 16.dp), verticalArrangement = Arrangement.spacedBy(16.dp)) {
                    Text(s.forResident, fontSize = Body, color = CunxinColors.OnSurfaceVariant)
                    if (wide) {
                        Row(horizontalArrangement = Arrangement.spacedBy(32.dp)) {
                            Column(Modifier.weight(1f), verticalArrangement = Arrangement.spacedBy(16.dp)) { Headline(estimate, s) }
                            Column(Modifier.weight(1f), verticalArrangement = Arrangement.spacedBy(16.dp)) { Explanation(estimate, s) }
                        }
                    } else {
                        Headline(estimate, s)
                        Explanation(estimate, s)
                    }
                    SecondaryButton(s.handBack, { events.onEvent(EstimateEvent.AskToLeave) })
                }
            }
            state.failure != null -> Column(Modifier.padding(24.dp), verticalArrangement = Arrangement.spacedBy(16.dp)) {
                FailureBanner(state.failure)
                SecondaryButton(s.back, { events.onEvent(EstimateEvent.AskToLeave) })
            }
            else -> LoadingPane()
        }
        if (state.leaving) Leave(state, events, s)
    }
}

@Composable
private fun ColumnScope.Headline(estimate: Estimate, s: Strings) {
    val credit = estimate.eligible && !estimate.vetoed && estimate.limitYuan > 0
    Surface(shape = RoundedCornerShape(16.dp), color = if (credit) CunxinColors.PrimaryContainer else CunxinColors.SurfaceVariant) {
        Column(Modifier.fillMaxWidth().padding(24.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(s.estimatedLimit, fontSize = Body, color = CunxinColors.OnPrimaryContainer)
            if (credit) {
                Text(s.wanYuan(estimate.limitYuan), fontSize = Limit, lineHeight = 64.sp, fontWeight = FontWeight.Bold, color = CunxinColors.OnPrimaryContainer)
                estimate.grade?.let { Text(s.grade(it), fontSize = 24.sp, fontWeight = FontWeight.SemiBold, color = CunxinColors.OnPrimaryContainer) }
                estimate.ratePercent?.let { Text(s.rate(it), fontSize = Body, color = CunxinColors.OnPrimaryContainer) }
            } else {
                Text(if (estimate.vetoed) s.vetoed else s.notEligible, fontSize = 32.sp, lineHeight = 40.sp, fontWeight = FontWeight.Bold, color = CunxinColors.OnSurface)
            }
        }
    }
    // The disclaimer is as large as the body and never in grey: the resident must read it.
    Text(s.disclaimer, Modifier.fillMaxWidth().background(CunxinColors.WarningContainer, RoundedCornerShape(8.dp)).padding(16.dp), fontSize = 22.sp, fontWeight = FontWeight.SemiBold, color = CunxinColors.Warning)
}

@Composable
private fun ColumnScope.Explanation(estimate: Estimate, s: Strings) {
    if (estimate.reasons.isNotEmpty()) {
        Text(s.why, fontSize = 24.sp, fontWeight = FontWeight.SemiBold, color = CunxinColors.Primary)
        estimate.reasons.forEach { Text("• $it", fontSize = Body, lineHeight = 28.sp, color = CunxinColors.OnSurface) }
    }
    val raise = estimate.improvements.filter { it.gain > 0 }
    if (raise.isNotEmpty()) {
        Text(s.howToRaise, fontSize = 24.sp, fontWeight = FontWeight.SemiBold, color = CunxinColors.Primary)
        raise.forEach { item ->
            Text("• " + s.withUnit(item.label.text(s), s.gain(item.gain)), fontSize = Body, lineHeight = 28.sp, color = CunxinColors.OnSurface)
        }
    }
}

@Composable
private fun Leave(state: EstimateState, events: EventSink<EstimateEvent>, s: Strings) {
    Box(Modifier.fillMaxSize().background(Color(0x99000000)), contentAlignment = Alignment.Center) {
        Surface(Modifier.widthIn(max = 480.dp).fillMaxWidth().padding(16.dp), shape = RoundedCornerShape(16.dp)) {
            Column(Modifier.padding(20.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                Text(s.handBack, style = MaterialTheme.typography.titleLarge)
                OutlinedTextField(
                    state.passphrase, { events.onEvent(EstimateEvent.PassphraseChanged(it)) }, Modifier.fillMaxWidth(),
                    label = { Text(s.managerPin) }, singleLine = true, isError = state.wrongPassphrase,
                    supportingText = if (state.wrongPassphrase) ({ Text(s.pinWrong, style = MaterialTheme.typography.bodyMedium) }) else null,
                    visualTransformation = PasswordVisualTransformation(), keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password),
                )
                Row(Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.spacedBy(8.dp, Alignment.End)) {
                    SecondaryButton(s.cancel, { events.onEvent(EstimateEvent.CancelLeave) })
                    PrimaryButton(s.confirm, { events.onEvent(EstimateEvent.ConfirmLeave) }, enabled = state.passphrase.isNotEmpty())
                }
            }
        }
    }
}
