package cn.cunxin.features.village

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.TextStyle
import androidx.compose.ui.unit.dp
import cn.cunxin.api.village.Lending
import cn.cunxin.api.village.Verdict
import cn.cunxin.api.village.VillageRollUp
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.FailureBanner
import cn.cunxin.designsystem.LoadingPane
import cn.cunxin.designsystem.Pill
import cn.cunxin.designsystem.SectionTitle
import cn.cunxin.designsystem.Strings
import cn.cunxin.designsystem.TwoPaneMinWidth
import cn.cunxin.designsystem.strings

/** The village dashboard: on a tablet the figures and verdicts on the left, the charts on the right; on a phone one column. */
@Composable
fun DashboardView(state: DashboardState, events: EventSink<DashboardEvent>, modifier: Modifier = Modifier) {
    val s = strings
    Column(modifier.fillMaxSize().padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        VillageChooser(state.villages, state.village) { events.onEvent(DashboardEvent.VillageChosen(it)) }
        state.failure?.let { FailureBanner(it, onRetry = { events.onEvent(DashboardEvent.Refresh) }) }
        val rollUp = state.rollUp
        when {
            state.loading -> LoadingPane()
            state.noVillages -> Text(s.noVillages, style = MaterialTheme.typography.bodyLarge)
            rollUp != null -> BoxWithConstraints(Modifier.fillMaxSize()) {
                if (maxWidth >= TwoPaneMinWidth) {
                    Row(Modifier.fillMaxSize(), horizontalArrangement = Arrangement.spacedBy(24.dp)) {
                        Pane(Modifier.width(560.dp)) { Figures(rollUp, wide = true); Verdicts(rollUp) }
                        Pane(Modifier.weight(1f)) { Charts(state) }
                    }
                } else {
                    Pane(Modifier.fillMaxWidth()) { Figures(rollUp, wide = false); Verdicts(rollUp); Charts(state) }
                }
            }
        }
    }
}

@Composable
private fun Pane(modifier: Modifier, content: @Composable ColumnScope.() -> Unit) =
    Column(modifier.fillMaxSize().verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(12.dp), content = content)

/** The figures, two to a row; coverage and credit share with their bars against the targets. */
@Composable
private fun Figures(r: VillageRollUp, wide: Boolean) {
    val s = strings
    val big = if (wide) MaterialTheme.typography.headlineMedium else MaterialTheme.typography.titleLarge
    Row(horizontalArrangement = Arrangement.spacedBy(12.dp)) {
        Figure(s.creditHouseholdsLabel, s.ofHouseholds(r.creditHouseholds, r.households), s.evaluatedOf(r.evaluated, r.households), big, Modifier.weight(1f))
        Figure(s.proposedTotalLabel, s.wanYuan(r.proposedTotalYuan), null, big, Modifier.weight(1f))
    }
    Row(horizontalArrangement = Arrangement.spacedBy(12.dp)) {
        Figure(s.coverageLabel, r.coveragePermille?.let { Strings.fmtPermille(it) } ?: "—", r.coveragePermille?.let { s.coverageMeaning } ?: s.noEligibleYet, big, Modifier.weight(1f)) {
            TargetBar((r.coveragePermille ?: 0) / 1000f, 0.8f, r.coverageTargetMet)
        }
        // 用信面 (seed 003's second target) counts who borrowed: only the bank's loan books know it.
        Figure(s.usageLabel, "—", s.noUsageFigures, big, Modifier.weight(1f))
    }
    Row(horizontalArrangement = Arrangement.spacedBy(12.dp)) {
        Figure(s.creditShareLabel, Strings.fmtPermille(r.creditSharePermille), s.creditShareMeaning, big, Modifier.weight(1f)) {
            TargetBar(r.creditSharePermille / 1000f, 0.7f, r.creditVillage == Verdict.PASS)
        }
        Spacer(Modifier.weight(1f))
    }
}

@Composable
private fun Figure(label: String, value: String, detail: String?, valueStyle: TextStyle, modifier: Modifier, extra: @Composable () -> Unit = {}) {
    Surface(modifier, shape = RoundedCornerShape(8.dp), color = CunxinColors.SurfaceVariant) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
            Text(label, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
            Text(value, style = valueStyle)
            extra()
            detail?.let { Text(it, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant) }
        }
    }
}

/** Each test the seed rules set, in words; what the device cannot judge says why. */
@Composable
private fun Verdicts(r: VillageRollUp) {
    val s = strings
    SectionTitle(s.verdictsTitle)
    VerdictRow(s.coverageTarget, if (r.coverageTargetMet) Verdict.PASS else Verdict.FAIL, null)
    VerdictRow(s.creditVillageSeed001, r.creditVillage, null)
    VerdictRow(s.creditVillageSeed002, r.creditVillageSeed002, s.noLoanFigures.takeIf { r.creditVillageSeed002 == Verdict.UNKNOWN })
    val (background, foreground) = when (r.lending) {
        Lending.OPEN -> CunxinColors.SuccessContainer to CunxinColors.Success
        Lending.SUSPENDED -> CunxinColors.ErrorContainer to CunxinColors.OnErrorContainer
        Lending.UNKNOWN -> CunxinColors.WarningContainer to CunxinColors.Warning
    }
    Line(s.lendingTitle, s.lending(r.lending), background, foreground, s.noNplFigure.takeIf { r.lending == Lending.UNKNOWN })
}

@Composable
private fun VerdictRow(label: String, verdict: Verdict, why: String?) {
    val (background, foreground) = when (verdict) {
        Verdict.PASS -> CunxinColors.SuccessContainer to CunxinColors.Success
        Verdict.FAIL -> CunxinColors.ErrorContainer to CunxinColors.OnErrorContainer
        Verdict.UNKNOWN -> CunxinColors.WarningContainer to CunxinColors.Warning
    }
    Line(label, strings.verdict(verdict), background, foreground, why)
}

@Composable
private fun Line(label: String, value: String, background: androidx.compose.ui.graphics.Color, foreground: androidx.compose.ui.graphics.Color, why: String?) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(12.dp)) {
            Text(label, Modifier.weight(1f), style = MaterialTheme.typography.bodyLarge)
            Pill(value, background, foreground)
        }
        why?.let { Text(it, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant) }
    }
}

@Composable
private fun Charts(state: DashboardState) {
    val s = strings
    SectionTitle(s.gradesTitle)
    if (state.gradeBars.isEmpty()) Text(s.noGrades, style = MaterialTheme.typography.bodyLarge, color = MaterialTheme.colorScheme.onSurfaceVariant)
    else GradeChart(state.gradeBars)
    SectionTitle(s.groupsTitle)
    GroupChart(state.groups)
}
