package cn.cunxin.features.worklist

import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxHeight
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.lazy.itemsIndexed
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.material3.FilterChip
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.VerticalDivider
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.RosterImport
import cn.cunxin.api.households.SearchHit
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.FailureBanner
import cn.cunxin.designsystem.LoadingPane
import cn.cunxin.designsystem.MinTouch
import cn.cunxin.designsystem.Pill
import cn.cunxin.designsystem.PrimaryButton
import cn.cunxin.designsystem.SecondaryButton
import cn.cunxin.designsystem.SectionTitle
import cn.cunxin.designsystem.StateChip
import cn.cunxin.designsystem.TwoPaneMinWidth
import cn.cunxin.designsystem.strings

/**
 * The work list. On a tablet in landscape it is the left pane and [detail] (the chosen household)
 * the right; on a phone the list takes the whole screen and the host opens the household on top.
 */
@Composable
fun WorkListView(
    state: WorkListState,
    events: EventSink<WorkListEvent>,
    modifier: Modifier = Modifier,
    detail: (@Composable () -> Unit)? = null,
) {
    BoxWithConstraints(modifier.fillMaxSize()) {
        if (maxWidth >= TwoPaneMinWidth) {
            Row(Modifier.fillMaxSize()) {
                ListPane(state, events, Modifier.width(460.dp).fillMaxHeight())
                VerticalDivider()
                Box(Modifier.weight(1f).fillMaxHeight()) {
                    when {
                        state.imported != null -> ImportReport(state.imported, events)
                        detail != null -> detail()
                        else -> Text(strings.pickHousehold, Modifier.align(Alignment.Center), style = MaterialTheme.typography.bodyLarge, color = MaterialTheme.colorScheme.onSurfaceVariant)
                    }
                }
            }
        } else if (state.imported != null) {
            ImportReport(state.imported, events)
        } else {
            ListPane(state, events, Modifier.fillMaxSize())
        }
    }
}

@Composable
private fun ListPane(state: WorkListState, events: EventSink<WorkListEvent>, modifier: Modifier) {
    val s = strings
    Column(modifier.padding(horizontal = 16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        Row(Modifier.fillMaxWidth().padding(top = 12.dp), verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            if (state.online) Pill(s.online, CunxinColors.SuccessContainer, CunxinColors.Success) else Pill(s.offline, CunxinColors.WarningContainer, CunxinColors.Warning)
            if (state.waitingUpload > 0) Pill(s.waitingUpload(state.waitingUpload), CunxinColors.PrimaryContainer, CunxinColors.OnPrimaryContainer)
            Box(Modifier.weight(1f))
            SecondaryButton(if (state.importing) s.importing else s.importRoster, { events.onEvent(WorkListEvent.PickRoster) }, enabled = !state.importing)
        }
        state.failure?.let { FailureBanner(it) }
        state.lastEdited?.let { last ->
            PrimaryButton(s.continueVisit(last), { events.onEvent(WorkListEvent.ContinueLast) }, Modifier.fillMaxWidth())
        }
        when {
            state.loading -> LoadingPane()
            state.empty -> Text(s.emptyStore, Modifier.padding(vertical = 24.dp), style = MaterialTheme.typography.bodyLarge)
            else -> {
                OutlinedTextField(
                    state.query, { events.onEvent(WorkListEvent.QueryChanged(it)) }, Modifier.fillMaxWidth(),
                    placeholder = { Text(s.searchHint, maxLines = 1, overflow = TextOverflow.Ellipsis) },
                    singleLine = true, textStyle = MaterialTheme.typography.bodyLarge,
                )
                Filters(state, events)
                Progress(state)
                HorizontalDivider()
                if (state.hits.isEmpty()) {
                    Text(s.noMatch, Modifier.padding(vertical = 16.dp), style = MaterialTheme.typography.bodyLarge)
                } else {
                    LazyColumn(Modifier.fillMaxSize()) {
                        // One line per person found: a household number matches every member, so the household alone is no key.
                        itemsIndexed(state.hits, key = { i, hit -> "${hit.household.id}/$i" }) { _, hit -> HitRow(hit, hit.household.id == state.selected, state.query.isNotBlank(), events) }
                    }
                }
            }
        }
    }
}

@Composable
private fun Filters(state: WorkListState, events: EventSink<WorkListEvent>) {
    val s = strings
    Row(Modifier.fillMaxWidth().horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        FilterChip(state.filter.village == null, { events.onEvent(WorkListEvent.VillageChosen(null)) }, { Text(s.allVillages) }, Modifier.heightIn(min = MinTouch))
        state.villages.forEach { v ->
            FilterChip(state.filter.village == v, { events.onEvent(WorkListEvent.VillageChosen(v)) }, { Text(v) }, Modifier.heightIn(min = MinTouch))
        }
    }
    state.filter.village?.let { village ->
        Row(Modifier.fillMaxWidth().horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            state.groups.filter { it.village == village }.forEach { g ->
                val chosen = state.filter.group == g.group
                FilterChip(chosen, { events.onEvent(WorkListEvent.GroupChosen(if (chosen) null else g.group)) }, { Text("${g.group} · ${g.total}") }, Modifier.heightIn(min = MinTouch))
            }
        }
    }
    Row(Modifier.fillMaxWidth().horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        val chosen = state.filter.states.singleOrNull()
        FilterChip(chosen == null && !state.filter.revisitDueOnly, { events.onEvent(WorkListEvent.StateChosen(null)) }, { Text(s.allStates) }, Modifier.heightIn(min = MinTouch))
        FILTER_STATES.forEach { st ->
            FilterChip(chosen == st, { events.onEvent(WorkListEvent.StateChosen(if (chosen == st) null else st)) }, { Text(s.state(st)) }, Modifier.heightIn(min = MinTouch))
        }
        FilterChip(state.filter.revisitDueOnly, { events.onEvent(WorkListEvent.RevisitDueToggled) }, { Text(s.revisitDue) }, Modifier.heightIn(min = MinTouch))
    }
}

private val FILTER_STATES = listOf(HouseholdState.IMPORTED, HouseholdState.IN_PROGRESS, HouseholdState.NOT_HOME, HouseholdState.FINALIZED, HouseholdState.SEALED, HouseholdState.UPLOADED)

/** The counts the issue asks for: to visit, in progress, revisit due, finalized, sealed, uploaded. */
@Composable
private fun Progress(state: WorkListState) {
    val s = strings
    val counts = state.counts
    val items = listOf(
        s.state(HouseholdState.IMPORTED) to (counts[HouseholdState.IMPORTED] ?: 0) + (counts[HouseholdState.REVIEWED] ?: 0),
        s.state(HouseholdState.IN_PROGRESS) to (counts[HouseholdState.IN_PROGRESS] ?: 0),
        s.revisitDue to state.revisitDue,
        s.state(HouseholdState.FINALIZED) to (counts[HouseholdState.FINALIZED] ?: 0),
        s.state(HouseholdState.SEALED) to (counts[HouseholdState.SEALED] ?: 0),
        s.state(HouseholdState.UPLOADED) to (counts[HouseholdState.UPLOADED] ?: 0),
    )
    Row(Modifier.fillMaxWidth().horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(12.dp)) {
        items.forEach { (label, n) ->
            Column(Modifier.background(MaterialTheme.colorScheme.surfaceVariant, RoundedCornerShape(8.dp)).padding(horizontal = 10.dp, vertical = 6.dp)) {
                Text(n.toString(), style = MaterialTheme.typography.titleMedium)
                Text(label, style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
            }
        }
    }
}

@Composable
private fun HitRow(hit: SearchHit, selected: Boolean, showMatch: Boolean, events: EventSink<WorkListEvent>) {
    val s = strings
    val line = hit.household
    Row(
        Modifier.fillMaxWidth().heightIn(min = 64.dp)
            .background(if (selected) MaterialTheme.colorScheme.primaryContainer else MaterialTheme.colorScheme.surface)
            .clickable { events.onEvent(WorkListEvent.Selected(line.id)) }
            .padding(vertical = 8.dp, horizontal = 4.dp),
        verticalAlignment = Alignment.CenterVertically,
        horizontalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Column(Modifier.weight(1f)) {
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalAlignment = Alignment.CenterVertically) {
                Text(line.headNameMasked, style = MaterialTheme.typography.titleMedium)
                Text(line.id, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
            }
            val where = "${line.village} ${line.group} · ${s.members(line.members)}"
            Text(where, style = MaterialTheme.typography.bodyMedium, maxLines = 1, overflow = TextOverflow.Ellipsis)
            if (showMatch) Text("${hit.memberNameMasked} · ${s.matched(hit.matchedBy)}", style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.primary)
            line.revisitAt?.let { Text(s.revisitAt(it), style = MaterialTheme.typography.bodyMedium, color = if (line.revisitDue) MaterialTheme.colorScheme.error else CunxinColors.Warning) }
        }
        StateChip(line.state)
    }
    HorizontalDivider()
}

/** The import's result and its problem report (问题一览表), row by row. */
@Composable
private fun ImportReport(imported: RosterImport, events: EventSink<WorkListEvent>) {
    val s = strings
    val report = imported.report
    Column(Modifier.fillMaxSize().padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Row(verticalAlignment = Alignment.CenterVertically) {
            SectionTitle(s.problemReport, Modifier.weight(1f))
            SecondaryButton(s.close, { events.onEvent(WorkListEvent.DismissImport) })
        }
        Text(s.imported(imported.inserted, imported.keptVisited.size, report.errors.map { it.row }.distinct().size), style = MaterialTheme.typography.bodyLarge)
        LazyColumn(Modifier.fillMaxSize(), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            items(report.problems, key = { "${it.row}-${it.column}-${it.code}" }) { p ->
                Surface(color = if (p.isError) CunxinColors.ErrorContainer else CunxinColors.WarningContainer, shape = RoundedCornerShape(8.dp)) {
                    Column(Modifier.fillMaxWidth().padding(12.dp)) {
                        Row(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalAlignment = Alignment.CenterVertically) {
                            Text(s.problemRow(p.row, p.column), style = MaterialTheme.typography.titleMedium)
                            Text(if (p.isError) s.error else s.warning, style = MaterialTheme.typography.labelMedium, color = if (p.isError) CunxinColors.OnErrorContainer else CunxinColors.Warning)
                        }
                        Text(p.message, style = MaterialTheme.typography.bodyLarge)
                    }
                }
            }
        }
    }
}
