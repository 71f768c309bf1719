package cn.cunxin.features.household

import androidx.compose.foundation.background
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.unit.dp
import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.households.DepartmentRecords
import cn.cunxin.api.households.FieldCheck
import cn.cunxin.api.households.MemberDetail
import cn.cunxin.api.households.RosterField
import cn.cunxin.api.households.SideState
import cn.cunxin.architecture.EventSink
import cn.cunxin.architecture.VisitStep
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.FailureBanner
import cn.cunxin.designsystem.LoadingPane
import cn.cunxin.designsystem.MessageBanner
import cn.cunxin.designsystem.Pill
import cn.cunxin.designsystem.PrimaryButton
import cn.cunxin.designsystem.QuietButton
import cn.cunxin.designsystem.SecondaryButton
import cn.cunxin.designsystem.SectionTitle
import cn.cunxin.designsystem.StateChip
import cn.cunxin.designsystem.Strings
import cn.cunxin.designsystem.Thumbnail
import cn.cunxin.designsystem.TwoPaneMinWidth
import cn.cunxin.designsystem.strings

@Composable
fun HouseholdView(state: HouseholdScreenState, events: EventSink<HouseholdEvent>, modifier: Modifier = Modifier) {
    val detail = state.detail
    Box(modifier.fillMaxSize()) {
        when {
            detail == null && state.failure != null -> FailureBanner(state.failure, Modifier.padding(16.dp)) { events.onEvent(HouseholdEvent.Refresh) }
            detail == null -> LoadingPane()
            else -> BoxWithConstraints(Modifier.fillMaxSize()) {
                val wide = maxWidth >= TwoPaneMinWidth
                if (wide) {
                    Row(Modifier.fillMaxSize().padding(16.dp), horizontalArrangement = Arrangement.spacedBy(16.dp)) {
                        Column(Modifier.weight(1.2f).verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                            Header(state, events)
                            Members(state, events)
                        }
                        Column(Modifier.weight(1f).verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                            Steps(events)
                            Evidence(state)
                            SideStates(state, events)
                            History(state)
                        }
                    }
                } else {
                    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                        Header(state, events)
                        Steps(events)
                        Members(state, events)
                        Evidence(state)
                        SideStates(state, events)
                        History(state)
                    }
                }
            }
        }
        state.dialog?.let { DialogOverlay(it, state, events) }
    }
}

@Composable
private fun Header(state: HouseholdScreenState, events: EventSink<HouseholdEvent>) {
    val s = strings
    val detail = state.detail ?: return
    Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(12.dp)) {
        Text(s.householdTitle(detail.line.id), style = MaterialTheme.typography.headlineMedium)
        StateChip(detail.line.state)
    }
    Text("${detail.line.village} ${detail.line.group} · " + s.labelled(s.address, detail.address), style = MaterialTheme.typography.bodyLarge)
    if (state.dialog == null) state.failure?.let { FailureBanner(it) }
    SecondaryButton(s.addMember, { events.onEvent(HouseholdEvent.Open(HouseholdDialog.AddMember())) })
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun Steps(events: EventSink<HouseholdEvent>) {
    val s = strings
    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        PrimaryButton(s.facts, { events.onEvent(HouseholdEvent.Go(VisitStep.FACTS)) })
        PrimaryButton(s.photosTitle, { events.onEvent(HouseholdEvent.Go(VisitStep.PHOTOS)) })
        PrimaryButton(s.consents, { events.onEvent(HouseholdEvent.Go(VisitStep.CONSENTS)) })
        SecondaryButton(s.estimate, { events.onEvent(HouseholdEvent.Go(VisitStep.ESTIMATE)) })
        SecondaryButton(s.finalize, { events.onEvent(HouseholdEvent.Go(VisitStep.FINALIZE)) })
    }
}

@Composable
private fun Members(state: HouseholdScreenState, events: EventSink<HouseholdEvent>) {
    val s = strings
    SectionTitle(s.membersTitle)
    state.detail?.members?.forEach { member -> MemberCard(member, events, s) }
}

@Composable
private fun MemberCard(member: MemberDetail, events: EventSink<HouseholdEvent>, s: Strings) {
    val name = member.fields.firstOrNull { it.name == cn.cunxin.api.households.RosterFieldName.NAME }?.value ?: member.nameMasked
    Surface(shape = RoundedCornerShape(12.dp), color = if (member.removed) MaterialTheme.colorScheme.surfaceVariant else MaterialTheme.colorScheme.surface, border = androidx.compose.foundation.BorderStroke(1.dp, MaterialTheme.colorScheme.outline)) {
        Column(Modifier.fillMaxWidth().padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(name, style = MaterialTheme.typography.titleLarge)
                if (member.isHead) Pill(s.head, CunxinColors.PrimaryContainer, CunxinColors.OnPrimaryContainer)
                if (member.removed) Pill(s.removed, CunxinColors.ErrorContainer, CunxinColors.OnErrorContainer)
                Box(Modifier.weight(1f))
                if (!member.isHead && !member.removed) {
                    QuietButton(s.makeHead, { events.onEvent(HouseholdEvent.Open(HouseholdDialog.ChangeHead(member.index))) })
                    QuietButton(s.removeMember, { events.onEvent(HouseholdEvent.Open(HouseholdDialog.RemoveMember(member.index))) })
                }
            }
            if (!member.removed) member.fields.forEach { FieldRow(member.index, it, events, s) }
            member.departmentRecords?.let { Departments(it, s) }
        }
    }
}

/** Label and value, then ✓ / ✎; on a narrow screen the actions go under the value so nothing is squeezed. */
@Composable
private fun FieldRow(member: Int, field: RosterField, events: EventSink<HouseholdEvent>, s: Strings) {
    BoxWithConstraints(Modifier.fillMaxWidth()) {
        val narrow = maxWidth < 480.dp
        val value: @Composable () -> Unit = {
            Column {
                Text(s.field(field.name), style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
                Text(field.value ?: "—", style = MaterialTheme.typography.bodyLarge)
                if (field.check == FieldCheck.CORRECTED && field.original != null) {
                    Text(s.original(field.original!!), style = MaterialTheme.typography.bodyMedium, color = CunxinColors.Warning)
                }
            }
        }
        val actions: @Composable () -> Unit = {
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                when (field.check) {
                    FieldCheck.VERIFIED -> Pill("✓ " + s.verified, CunxinColors.SuccessContainer, CunxinColors.Success)
                    FieldCheck.CORRECTED -> Pill("✎ " + s.corrected, CunxinColors.WarningContainer, CunxinColors.Warning)
                    FieldCheck.UNCHECKED -> QuietButton("✓ " + s.verify, { events.onEvent(HouseholdEvent.Verify(member, field.name)) })
                }
                QuietButton("✎ " + s.correct, { events.onEvent(HouseholdEvent.Open(HouseholdDialog.Correct(member, field.name, field.original ?: field.value, field.value.orEmpty()))) })
            }
        }
        if (narrow) {
            Column(Modifier.fillMaxWidth().padding(vertical = 4.dp)) {
                value()
                actions()
            }
        } else {
            Row(Modifier.fillMaxWidth().heightIn(min = 56.dp).padding(vertical = 2.dp), verticalAlignment = Alignment.CenterVertically) {
                Box(Modifier.weight(1f)) { value() }
                actions()
            }
        }
    }
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun Departments(records: DepartmentRecords, s: Strings) {
    val flags = listOf(
        records.courtEnforcement to s.courtEnforcement, records.dishonestDebtor to s.dishonestDebtor, records.povertyRegistry to s.povertyRegistry,
        records.policeRecord to s.policeRecord, records.privateCar to s.privateCar, records.realEstate to s.realEstate, records.farmMachinery to s.farmMachinery,
    ).filter { it.first }.map { it.second }
    Text(s.departmentRecords, style = MaterialTheme.typography.labelLarge, modifier = Modifier.padding(top = 4.dp))
    FlowRow(horizontalArrangement = Arrangement.spacedBy(6.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
        if (flags.isEmpty()) Text(s.noRecords, style = MaterialTheme.typography.bodyMedium)
        flags.forEach { Pill(it, MaterialTheme.colorScheme.surfaceVariant, MaterialTheme.colorScheme.onSurfaceVariant) }
    }
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun Evidence(state: HouseholdScreenState) {
    val s = strings
    SectionTitle(s.evidence)
    state.checklist.forEach { item ->
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(if (item.present) "✓" else "○", style = MaterialTheme.typography.titleMedium, color = if (item.present) CunxinColors.Success else CunxinColors.Outline)
            Text(s.missingPhoto(item.kind, item.member), Modifier.weight(1f), style = MaterialTheme.typography.bodyLarge)
            Text(if (item.present) s.present else s.missing, style = MaterialTheme.typography.bodyMedium, color = if (item.present) CunxinColors.Success else MaterialTheme.colorScheme.error)
        }
    }
    ConsentKind.entries.forEach { kind ->
        val record = state.consents.lastOrNull { it.kind == kind }
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(if (record?.signed == true) "✓" else "○", style = MaterialTheme.typography.titleMedium, color = if (record?.signed == true) CunxinColors.Success else CunxinColors.Outline)
            Text(s.consentKind(kind), Modifier.weight(1f), style = MaterialTheme.typography.bodyLarge)
            Text(
                when { record == null -> s.notSigned; record.signed -> s.signed; else -> s.refused },
                style = MaterialTheme.typography.bodyMedium,
                color = if (record?.signed == true) CunxinColors.Success else MaterialTheme.colorScheme.error,
            )
        }
    }
    if (state.photos.isNotEmpty()) {
        Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            state.photos.forEach { photo -> Thumbnail(state.thumbnails[photo.id], s.photoKind(photo.kind), size = 96.dp) }
        }
    }
}

@Composable
private fun SideStates(state: HouseholdScreenState, events: EventSink<HouseholdEvent>) {
    val s = strings
    when (val side = state.detail?.sideState) {
        null, SideState.None -> Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            SecondaryButton(s.notHome, { events.onEvent(HouseholdEvent.Open(HouseholdDialog.Side(HouseholdDialog.SideKind.NOT_HOME))) })
            SecondaryButton(s.declined, { events.onEvent(HouseholdEvent.Open(HouseholdDialog.Side(HouseholdDialog.SideKind.DECLINED))) })
            SecondaryButton(s.ineligible, { events.onEvent(HouseholdEvent.Open(HouseholdDialog.Side(HouseholdDialog.SideKind.INELIGIBLE))) })
        }
        else -> {
            val text = when (side) {
                is SideState.NotHome -> s.notHome + "：" + side.reason + (side.revisitAt?.let { " · " + s.revisitAt(it) } ?: "")
                is SideState.Declined -> s.declined + (side.reason?.let { "：$it" } ?: "")
                is SideState.Ineligible -> s.ineligible + "：" + side.reason
                SideState.None -> ""
            }
            MessageBanner(text, background = CunxinColors.WarningContainer, foreground = CunxinColors.Warning)
            SecondaryButton(s.backToVisit, { events.onEvent(HouseholdEvent.BackToVisit) })
        }
    }
}

@Composable
private fun History(state: HouseholdScreenState) {
    val s = strings
    val history = state.detail?.history.orEmpty()
    if (history.isEmpty()) return
    SectionTitle(s.history)
    history.asReversed().take(20).forEach { entry ->
        Row(horizontalArrangement = Arrangement.spacedBy(12.dp)) {
            Text(entry.at.replace('T', ' ').take(16), style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
            Text(entry.summary + (entry.actor?.let { " · $it" } ?: ""), style = MaterialTheme.typography.bodyMedium)
        }
        HorizontalDivider()
    }
}

/** Drawn in the screen (not a window) so Back, tests and screenshots see it like any other content. */
@Composable
private fun DialogOverlay(dialog: HouseholdDialog, state: HouseholdScreenState, events: EventSink<HouseholdEvent>) {
    val s = strings
    Box(Modifier.fillMaxSize().background(Color(0x99000000)), contentAlignment = Alignment.Center) {
        Surface(Modifier.widthIn(max = 560.dp).fillMaxWidth().padding(16.dp), shape = RoundedCornerShape(16.dp)) {
            Column(Modifier.padding(20.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                fun edit(d: HouseholdDialog) = events.onEvent(HouseholdEvent.Edit(d))
                when (dialog) {
                    is HouseholdDialog.Correct -> {
                        SectionTitle(s.correct + " · " + s.field(dialog.field))
                        dialog.original?.let { Text(s.original(it), style = MaterialTheme.typography.bodyLarge, color = CunxinColors.Warning) }
                        Field(s.newValue, dialog.value) { edit(dialog.copy(value = it)) }
                        Field(s.reason, dialog.reason) { edit(dialog.copy(reason = it)) }
                    }
                    is HouseholdDialog.AddMember -> {
                        SectionTitle(s.addMember)
                        Field(s.field(cn.cunxin.api.households.RosterFieldName.NAME), dialog.name) { edit(dialog.copy(name = it)) }
                        Field(s.field(cn.cunxin.api.households.RosterFieldName.ID_NUMBER), dialog.idNumber) { edit(dialog.copy(idNumber = it)) }
                        Field(s.field(cn.cunxin.api.households.RosterFieldName.RELATION), dialog.relation) { edit(dialog.copy(relation = it)) }
                        Field(s.field(cn.cunxin.api.households.RosterFieldName.PHONE), dialog.phone) { edit(dialog.copy(phone = it)) }
                        Field(s.reason, dialog.reason) { edit(dialog.copy(reason = it)) }
                    }
                    is HouseholdDialog.RemoveMember -> {
                        SectionTitle(s.removeMember + " · " + s.memberLabel(dialog.member))
                        Field(s.reason, dialog.reason) { edit(dialog.copy(reason = it)) }
                    }
                    is HouseholdDialog.ChangeHead -> {
                        SectionTitle(s.makeHead + " · " + s.memberLabel(dialog.member))
                        Field(s.field(cn.cunxin.api.households.RosterFieldName.RELATION), dialog.formerHeadRelation) { edit(dialog.copy(formerHeadRelation = it)) }
                        Field(s.reason, dialog.reason) { edit(dialog.copy(reason = it)) }
                    }
                    is HouseholdDialog.Side -> {
                        SectionTitle(
                            when (dialog.kind) {
                                HouseholdDialog.SideKind.NOT_HOME -> s.notHome
                                HouseholdDialog.SideKind.DECLINED -> s.declined
                                HouseholdDialog.SideKind.INELIGIBLE -> s.ineligible
                            },
                        )
                        Field(s.reason, dialog.reason) { edit(dialog.copy(reason = it)) }
                        if (dialog.kind == HouseholdDialog.SideKind.NOT_HOME) Field(s.revisitAt(""), dialog.revisitAt) { edit(dialog.copy(revisitAt = it)) }
                    }
                }
                state.failure?.let { FailureBanner(it) }
                Row(Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.spacedBy(8.dp, Alignment.End)) {
                    SecondaryButton(s.cancel, { events.onEvent(HouseholdEvent.Dismiss) })
                    PrimaryButton(s.save, { events.onEvent(HouseholdEvent.Confirm) })
                }
            }
        }
    }
}

@Composable
private fun Field(label: String, value: String, onChange: (String) -> Unit) {
    OutlinedTextField(value, onChange, Modifier.fillMaxWidth(), label = { Text(label) }, singleLine = true, textStyle = MaterialTheme.typography.bodyLarge)
}
