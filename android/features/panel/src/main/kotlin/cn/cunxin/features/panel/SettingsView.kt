package cn.cunxin.features.panel

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
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import cn.cunxin.api.settings.KeyInfo
import cn.cunxin.api.settings.Settings
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.Language
import cn.cunxin.designsystem.LoadingPane
import cn.cunxin.designsystem.MessageBanner
import cn.cunxin.designsystem.PrimaryButton
import cn.cunxin.designsystem.SecondaryButton
import cn.cunxin.designsystem.SectionTitle
import cn.cunxin.designsystem.TwoPaneMinWidth
import cn.cunxin.designsystem.strings

/** Settings: on a tablet the keys on the left and the address and the app's look on the right; on a phone one column. */
@Composable
fun SettingsView(state: SettingsState, events: EventSink<SettingsEvent>, modifier: Modifier = Modifier) {
    val settings = state.settings
    when {
        !state.unlocked -> Locked(state, events, modifier)
        state.loading -> LoadingPane(modifier)
        else -> BoxWithConstraints(modifier.fillMaxSize()) {
            if (maxWidth >= TwoPaneMinWidth) {
                Row(Modifier.fillMaxSize().padding(16.dp), horizontalArrangement = Arrangement.spacedBy(24.dp)) {
                    Pane(Modifier.weight(1f)) { Keys(state, settings, events) }
                    Pane(Modifier.weight(1f)) { AddressAndLook(state, settings, events) }
                }
            } else {
                Pane(Modifier.fillMaxSize().padding(16.dp)) {
                    Keys(state, settings, events)
                    AddressAndLook(state, settings, events)
                }
            }
        }
    }
}

@Composable
private fun Pane(modifier: Modifier, content: @Composable ColumnScope.() -> Unit) =
    Column(modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(10.dp), content = content)

@Composable
private fun Locked(state: SettingsState, events: EventSink<SettingsEvent>, modifier: Modifier) {
    val s = strings
    // A box, so the narrow column stays narrow under the frame's full-width constraints.
    Box(modifier.fillMaxSize(), contentAlignment = Alignment.TopCenter) {
    Column(Modifier.widthIn(max = 560.dp).fillMaxWidth().padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        MessageBanner(s.settingsLocked, background = CunxinColors.PrimaryContainer, foreground = CunxinColors.OnPrimaryContainer)
        OutlinedTextField(
            state.passphrase, { events.onEvent(SettingsEvent.PassphraseChanged(it)) }, Modifier.fillMaxWidth(),
            label = { Text(s.managerPassphrase) }, singleLine = true, visualTransformation = PasswordVisualTransformation(),
        )
        if (state.passphraseWrong) Refusal(s.passphraseWrong)
        PrimaryButton(s.unlockSettings, { events.onEvent(SettingsEvent.Unlock) }, Modifier.fillMaxWidth(), enabled = state.passphrase.isNotEmpty())
    }
    }
}

@Composable
private fun ColumnScope.Keys(state: SettingsState, settings: Settings?, events: EventSink<SettingsEvent>) {
    val s = strings
    state.failure?.let { Refusal(it) }
    if (settings == null) return
    SectionTitle(s.scorecardTitle)
    Text(s.scorecardLine(settings.scorecard, settings.scorecardVersion), style = MaterialTheme.typography.bodyLarge)
    Typed(state, SettingField.SCORECARD, s.scorecardHint, events, singleLine = false)
    Text(s.scorecardChangeApplies, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
    SectionTitle(s.deviceKey)
    Fingerprint(settings.deviceKey)
    Text(s.readOutFingerprint, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
    SectionTitle(s.bankRecipients)
    if (settings.bankRecipients.isEmpty()) Text(s.noRecipients, style = MaterialTheme.typography.bodyLarge, color = CunxinColors.Warning)
    settings.bankRecipients.forEach { Fingerprint(it) }
    Typed(state, SettingField.BANK_RECIPIENTS, s.recipientsHint, events, singleLine = false)
    SectionTitle(s.platformKey)
    settings.platformKey?.let { Fingerprint(it) } ?: Text(s.notSet, style = MaterialTheme.typography.bodyLarge, color = CunxinColors.Warning)
    Typed(state, SettingField.PLATFORM_KEY, s.platformKeyHint, events, singleLine = false)
}

@Composable
private fun ColumnScope.AddressAndLook(state: SettingsState, settings: Settings?, events: EventSink<SettingsEvent>) {
    val s = strings
    if (settings == null) return
    SectionTitle(s.uploadAddress)
    Text(settings.uploadAddress ?: s.notSet, style = MaterialTheme.typography.bodyLarge, color = if (settings.uploadAddress == null) CunxinColors.Warning else MaterialTheme.colorScheme.onSurface)
    Typed(state, SettingField.UPLOAD_ADDRESS, s.addressHint, events, singleLine = true)
    SectionTitle(s.languageTitle)
    Choices(Language.entries, state.language, s::languageName) { events.onEvent(SettingsEvent.LanguageChosen(it)) }
    SectionTitle(s.textSizeTitle)
    Choices(TextSize.entries, state.textSize, { if (it == TextSize.NORMAL) s.textNormal else s.textLarge }) { events.onEvent(SettingsEvent.TextSizeChosen(it)) }
    Text(s.keptOnDevice, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
}

@Composable
private fun Fingerprint(key: KeyInfo) = Text(strings.fingerprint(key.fingerprint), style = MaterialTheme.typography.titleMedium)

/** A setting typed in, saved on its own, with the core's refusal (or "saved") right below it. */
@Composable
private fun Typed(state: SettingsState, field: SettingField, hint: String, events: EventSink<SettingsEvent>, singleLine: Boolean) {
    val s = strings
    OutlinedTextField(
        state.draft(field), { events.onEvent(SettingsEvent.DraftChanged(field, it)) }, Modifier.fillMaxWidth(),
        label = { Text(hint) }, singleLine = singleLine, minLines = if (singleLine) 1 else 2,
    )
    state.refused[field]?.let { Refusal(it) }
    if (state.saved == field) MessageBanner(s.settingSaved)
    SecondaryButton(s.save, { events.onEvent(SettingsEvent.Save(field)) }, Modifier.fillMaxWidth(), enabled = state.canSave(field))
}
