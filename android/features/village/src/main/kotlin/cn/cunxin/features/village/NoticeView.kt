package cn.cunxin.features.village

import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxHeight
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.LazyListScope
import androidx.compose.foundation.lazy.itemsIndexed
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import cn.cunxin.api.village.NoticeLine
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

/** The public-notice list: on a tablet the period, contact and page on the left, the list as a table on the right; on a phone one list. */
@Composable
fun NoticeView(state: NoticeState, events: EventSink<NoticeEvent>, modifier: Modifier = Modifier) {
    BoxWithConstraints(modifier.fillMaxSize()) {
        if (maxWidth >= TwoPaneMinWidth) {
            Row(Modifier.fillMaxSize().padding(16.dp), horizontalArrangement = Arrangement.spacedBy(24.dp)) {
                Column(Modifier.width(420.dp).fillMaxHeight().verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                    Controls(state, events)
                }
                LazyColumn(Modifier.weight(1f).fillMaxHeight(), verticalArrangement = Arrangement.spacedBy(4.dp)) { lines(state, table = true) }
            }
        } else {
            LazyColumn(Modifier.fillMaxSize().padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                item { Column(verticalArrangement = Arrangement.spacedBy(12.dp)) { Controls(state, events) } }
                lines(state, table = false)
            }
        }
    }
}

@Composable
private fun Controls(state: NoticeState, events: EventSink<NoticeEvent>) {
    val s = strings
    VillageChooser(state.villages, state.village) { events.onEvent(NoticeEvent.VillageChosen(it)) }
    state.failure?.let { FailureBanner(it, onRetry = { events.onEvent(NoticeEvent.Refresh) }) }

    SectionTitle(s.noticePeriodTitle)
    Row(horizontalArrangement = Arrangement.spacedBy(12.dp)) {
        OutlinedTextField(state.startText, { events.onEvent(NoticeEvent.StartChanged(it)) }, Modifier.weight(1.6f), label = { Text(s.startDate) }, singleLine = true)
        OutlinedTextField(
            state.daysText, { events.onEvent(NoticeEvent.DaysChanged(it)) }, Modifier.weight(1f), label = { Text(s.noticeDays) }, singleLine = true,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Number), isError = state.periodProblem == PeriodProblem.TOO_SHORT,
        )
    }
    val period = state.period
    when (state.periodProblem) {
        null -> Text(s.periodLine(period!!.start, period.end, period.days), style = MaterialTheme.typography.bodyLarge)
        PeriodProblem.BAD_START -> Problem(s.periodBadStart)
        PeriodProblem.BAD_DAYS -> Problem(s.periodBadDays)
        PeriodProblem.TOO_SHORT -> Problem(s.periodTooShort)
    }

    SectionTitle(s.objectionsTitle)
    OutlinedTextField(state.branchText, { events.onEvent(NoticeEvent.BranchChanged(it)) }, Modifier.fillMaxWidth(), label = { Text(s.branchName) }, singleLine = true)
    OutlinedTextField(
        state.telephoneText, { events.onEvent(NoticeEvent.TelephoneChanged(it)) }, Modifier.fillMaxWidth(), label = { Text(s.telephone) }, singleLine = true,
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Phone),
    )
    SecondaryButton(s.save, { events.onEvent(NoticeEvent.SaveContact) }, Modifier.fillMaxWidth())
    if (state.contactRefused) Problem(s.contactInvalid)
    if (state.contactJustSaved) MessageBanner(s.contactSaved)

    PrimaryButton(if (state.writing) s.writingPage else s.makePage, { events.onEvent(NoticeEvent.WritePage) }, Modifier.fillMaxWidth(), enabled = state.canWrite)
    Text(s.pageInChinese, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
    if (state.contact == null && !state.loading && state.failure == null) Problem(s.contactNeeded)
    state.writtenTo?.let { MessageBanner(s.pageWritten(it)) }
}

@Composable
private fun Problem(text: String) =
    MessageBanner(text, background = CunxinColors.ErrorContainer, foreground = CunxinColors.OnErrorContainer)

/** The heading, then one row per credit household (a table on a tablet, two lines each on a phone). */
private fun LazyListScope.lines(state: NoticeState, table: Boolean) {
    val notice = state.notice
    item {
        when {
            state.loading -> LoadingPane(Modifier.padding(top = 48.dp))
            notice == null -> Unit
            else -> Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
                SectionTitle(strings.noticeHeader(notice.village, notice.lines.size))
                Text(strings.scorecardLine(notice.scorecard, notice.scorecardVersion) + " · " + strings.maskedNote, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
                if (notice.lines.isEmpty()) Text(strings.noCreditHouseholds, Modifier.padding(top = 12.dp), style = MaterialTheme.typography.bodyLarge)
                else if (table) HeaderRow()
            }
        }
    }
    if (state.loading || notice == null) return
    itemsIndexed(notice.lines) { i, line -> if (table) TableRow(i, line) else LineCard(i, line) }
}

private val IndexWidth = 56.dp
private val GroupWidth = 80.dp
private val NameWidth = 120.dp
private val GradeWidth = 88.dp
private val LimitWidth = 180.dp

@Composable
private fun HeaderRow() {
    val s = strings
    Row(Modifier.fillMaxWidth().background(CunxinColors.PrimaryContainer, RoundedCornerShape(4.dp)).padding(horizontal = 8.dp, vertical = 8.dp)) {
        val style = MaterialTheme.typography.labelLarge
        Text(s.columnIndex, Modifier.width(IndexWidth), style = style, color = CunxinColors.OnPrimaryContainer)
        Text(s.columnGroup, Modifier.width(GroupWidth), style = style, color = CunxinColors.OnPrimaryContainer)
        Text(s.columnHead, Modifier.width(NameWidth), style = style, color = CunxinColors.OnPrimaryContainer)
        Text(s.columnId, Modifier.weight(1f), style = style, color = CunxinColors.OnPrimaryContainer)
        Text(s.columnGrade, Modifier.width(GradeWidth), style = style, color = CunxinColors.OnPrimaryContainer)
        Text(s.columnLimit, Modifier.width(LimitWidth), style = style, color = CunxinColors.OnPrimaryContainer, textAlign = TextAlign.End)
    }
}

@Composable
private fun TableRow(index: Int, line: NoticeLine) {
    val s = strings
    val style = MaterialTheme.typography.bodyLarge
    Column {
        Row(Modifier.fillMaxWidth().padding(horizontal = 8.dp, vertical = 6.dp)) {
            Text("${index + 1}", Modifier.width(IndexWidth), style = style)
            Text(line.group, Modifier.width(GroupWidth), style = style, maxLines = 1)
            Text(line.nameMasked, Modifier.width(NameWidth), style = style, maxLines = 1)
            Text(line.idMasked, Modifier.weight(1f), style = style, maxLines = 1)
            Text(line.grade?.let(s::gradeName) ?: "—", Modifier.width(GradeWidth), style = style, maxLines = 1)
            Text("%,d".format(line.limitYuan), Modifier.width(LimitWidth), style = style, textAlign = TextAlign.End)
        }
        HorizontalDivider(color = CunxinColors.SurfaceVariant)
    }
}

@Composable
private fun LineCard(index: Int, line: NoticeLine) {
    val s = strings
    Surface(Modifier.fillMaxWidth(), shape = RoundedCornerShape(8.dp), color = CunxinColors.SurfaceVariant) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(2.dp)) {
            Text("${index + 1}. ${line.nameMasked} · ${line.group} · ${line.grade?.let(s::gradeName) ?: "—"}", style = MaterialTheme.typography.titleMedium)
            Text(line.idMasked, style = MaterialTheme.typography.bodyLarge)
            Text(s.labelled(s.columnLimit, "%,d".format(line.limitYuan)), style = MaterialTheme.typography.bodyMedium)
        }
    }
}
