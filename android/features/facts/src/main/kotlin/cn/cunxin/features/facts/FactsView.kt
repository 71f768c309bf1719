package cn.cunxin.features.facts

import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxHeight
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.LazyListState
import androidx.compose.foundation.lazy.rememberLazyListState
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.FilterChip
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.VerticalDivider
import androidx.compose.runtime.Composable
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import cn.cunxin.api.scoring.FactField
import cn.cunxin.api.scoring.FactType
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.scoring.Label
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.FailureBanner
import cn.cunxin.designsystem.LoadingPane
import cn.cunxin.designsystem.MinTouch
import cn.cunxin.designsystem.SectionTitle
import cn.cunxin.designsystem.Strings
import cn.cunxin.designsystem.TwoPaneMinWidth
import cn.cunxin.designsystem.strings
import cn.cunxin.designsystem.text
import kotlinx.coroutines.launch

@Composable
fun FactsView(state: FactsState, events: EventSink<FactsEvent>, modifier: Modifier = Modifier) {
    val form = state.form
    if (form == null) {
        if (state.failure != null) FailureBanner(state.failure, modifier.padding(16.dp)) else LoadingPane(modifier)
        return
    }
    val list = rememberLazyListState()
    val scope = rememberCoroutineScope()
    val s = strings
    // Each section is one header item followed by its fields: the jump list scrolls to the header.
    val rows = buildList<Any> {
        state.sections.forEach { section ->
            add(section)
            addAll(form.fields.filter { (it.section ?: form.label) == section })
        }
    }
    val jump: (Label) -> Unit = { section -> scope.launch { list.animateScrollToItem(rows.indexOf(section).coerceAtLeast(0)) } }
    BoxWithConstraints(modifier.fillMaxSize()) {
        val wide = maxWidth >= TwoPaneMinWidth
        Column(Modifier.fillMaxSize()) {
            ProgressBar(state, s)
            if (wide) {
                Row(Modifier.fillMaxSize()) {
                    Column(Modifier.width(260.dp).fillMaxHeight().padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                        SectionTitle(s.sections)
                        state.sections.forEach { section -> JumpItem(section, state.missingIn(section), s) { jump(section) } }
                    }
                    VerticalDivider()
                    Fields(rows, state, events, list, Modifier.weight(1f))
                }
            } else {
                Row(Modifier.fillMaxWidth().horizontalScroll(rememberScrollState()).padding(horizontal = 12.dp), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    state.sections.forEach { section ->
                        val missing = state.missingIn(section)
                        FilterChip(false, { jump(section) }, { Text(section.text(s) + if (missing > 0) " · $missing" else "") }, Modifier.heightIn(min = MinTouch))
                    }
                }
                Fields(rows, state, events, list, Modifier.fillMaxSize())
            }
        }
    }
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun ProgressBar(state: FactsState, s: Strings) {
    val progress = state.progress
    Column(Modifier.fillMaxWidth().background(MaterialTheme.colorScheme.surfaceVariant).padding(horizontal = 16.dp, vertical = 10.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
        FlowRow(verticalArrangement = Arrangement.Center, horizontalArrangement = Arrangement.spacedBy(16.dp)) {
            val missing = progress?.let { it.missingFacts.size + it.invalidFacts.size } ?: 0
            Text(if (missing == 0 && progress != null) s.allFilled else s.stillNeeded(missing), style = MaterialTheme.typography.titleMedium, color = if (missing == 0) CunxinColors.Success else MaterialTheme.colorScheme.onSurface)
            progress?.let { Text(s.points(it.pointsSoFar, it.pointsPossible), style = MaterialTheme.typography.bodyLarge) }
            Text(
                when {
                    state.saving -> s.saving
                    state.savedRevision != null -> s.savedRevision(state.savedRevision)
                    else -> ""
                },
                style = MaterialTheme.typography.bodyLarge,
                color = MaterialTheme.colorScheme.onSurfaceVariant,
            )
        }
        val fields = state.form?.fields?.size ?: 0
        val done = fields - (progress?.let { it.missingFacts.size + it.invalidFacts.size } ?: fields)
        LinearProgressIndicator(progress = { if (fields == 0) 0f else done.toFloat() / fields }, Modifier.fillMaxWidth())
        state.failure?.let { FailureBanner(it) }
    }
}

@Composable
private fun JumpItem(section: Label, missing: Int, s: Strings, onClick: () -> Unit) {
    Row(
        Modifier.fillMaxWidth().heightIn(min = MinTouch).clickable(onClick = onClick).padding(horizontal = 8.dp),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        Text(section.text(s), Modifier.weight(1f), style = MaterialTheme.typography.bodyLarge)
        if (missing > 0) Text(s.stillNeeded(missing), style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.error)
        else Text("✓", color = CunxinColors.Success, style = MaterialTheme.typography.titleMedium)
    }
}

@Composable
private fun Fields(rows: List<Any>, state: FactsState, events: EventSink<FactsEvent>, list: LazyListState, modifier: Modifier) {
    val s = strings
    val missing = state.progress?.missingFacts.orEmpty().toSet()
    LazyColumn(modifier.padding(horizontal = 16.dp), state = list, verticalArrangement = Arrangement.spacedBy(12.dp)) {
        items(rows.size, key = { i -> (rows[i] as? FactField)?.id ?: "section:" + (rows[i] as Label).zh }) { i ->
            when (val row = rows[i]) {
                is Label -> SectionTitle(row.text(s), Modifier.padding(top = 12.dp))
                is FactField -> FieldEditor(row, state, row.id in missing, events, s)
            }
        }
    }
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun FieldEditor(field: FactField, state: FactsState, isMissing: Boolean, events: EventSink<FactsEvent>, s: Strings) {
    val error = when (val e = state.fieldErrors[field.id]) {
        FieldError.NotANumber -> s.notANumber
        is FieldError.Invalid -> s.factProblem(field.label.text(s), e.problem)
        null -> null
    }
    val title = field.unit?.let { s.withUnit(field.label.text(s), it.text(s)) } ?: field.label.text(s)
    Column(Modifier.widthIn(max = 720.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(title, style = MaterialTheme.typography.bodyLarge)
            if (field.required) Text(s.required, style = MaterialTheme.typography.labelMedium, color = if (isMissing) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.onSurfaceVariant)
        }
        val value = state.values[field.id]
        when (field.type) {
            FactType.NUMBER, FactType.INTEGER -> OutlinedTextField(
                state.typed[field.id].orEmpty(),
                { events.onEvent(FactsEvent.Typed(field.id, it)) },
                Modifier.widthIn(max = 360.dp).fillMaxWidth(),
                singleLine = true,
                isError = error != null,
                suffix = field.unit?.let { u -> { Text(u.text(s)) } },
                supportingText = (error ?: s.range(field.min, field.max).takeIf { it.isNotEmpty() })?.let { t -> { Text(t, style = MaterialTheme.typography.bodyMedium) } },
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Decimal),
                textStyle = MaterialTheme.typography.bodyLarge,
            )
            FactType.BOOLEAN -> Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                listOf(true to s.yes, false to s.no).forEach { (b, label) ->
                    val chosen = (value as? FactValue.Bool)?.value == b
                    FilterChip(chosen, { events.onEvent(FactsEvent.Chosen(field.id, if (chosen) null else FactValue.Bool(b))) }, { Text(label) }, Modifier.heightIn(min = MinTouch).widthIn(min = 72.dp))
                }
            }
            FactType.OPTION -> FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                field.options.forEach { option ->
                    val chosen = (value as? FactValue.Choice)?.code == option.code
                    FilterChip(chosen, { events.onEvent(FactsEvent.Chosen(field.id, if (chosen) null else FactValue.Choice(option.code))) }, { Text(option.label.text(s)) }, Modifier.heightIn(min = MinTouch))
                }
            }
            FactType.OPTION_LIST -> FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                val codes = (value as? FactValue.Choices)?.codes.orEmpty()
                field.options.forEach { option ->
                    val chosen = option.code in codes
                    val next = if (chosen) codes - option.code else codes + option.code
                    FilterChip(chosen, { events.onEvent(FactsEvent.Chosen(field.id, FactValue.Choices(next))) }, { Text(option.label.text(s)) }, Modifier.heightIn(min = MinTouch))
                }
            }
            FactType.LEVELS -> Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
                val levels = (value as? FactValue.Levels)?.levels.orEmpty()
                field.options.forEach { option ->
                    Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        Text(option.label.text(s), Modifier.width(200.dp), style = MaterialTheme.typography.bodyMedium)
                        OutlinedTextField(
                            levels[option.code].orEmpty(),
                            { t -> events.onEvent(FactsEvent.Chosen(field.id, FactValue.Levels(if (t.isBlank()) levels - option.code else levels + (option.code to t.trim())))) },
                            Modifier.width(200.dp),
                            singleLine = true,
                        )
                    }
                }
            }
        }
        if (error != null && field.type != FactType.NUMBER && field.type != FactType.INTEGER) {
            Text(error, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodyMedium)
        }
    }
}

