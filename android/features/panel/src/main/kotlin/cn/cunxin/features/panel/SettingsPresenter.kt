package cn.cunxin.features.panel

import cn.cunxin.api.settings.StoreSettings
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.architecture.Presenter
import cn.cunxin.designsystem.Language
import kotlinx.coroutines.CoroutineScope

/**
 * The grid manager's settings behind the passphrase ([managerCheck]): the store's scorecard,
 * keys with their fingerprints and the upload address, the typed settings the core checks,
 * and the app's own language and text size, handed to [onLook] as they change.
 */
class SettingsPresenter(
    private val settings: StoreSettings,
    private val managerCheck: PassphraseCheck,
    language: Language,
    textSize: TextSize,
    private val onLook: (Language, TextSize) -> Unit,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
) : Presenter<SettingsState, SettingsEvent>(SettingsState(language = language, textSize = textSize), scope, dispatchers) {
    override fun onEvent(event: SettingsEvent) {
        when (event) {
            is SettingsEvent.PassphraseChanged -> setState { it.copy(passphrase = event.passphrase, passphraseWrong = false) }
            SettingsEvent.Unlock -> unlock()
            is SettingsEvent.DraftChanged -> setState { it.copy(drafts = it.drafts + (event.field to event.text), refused = it.refused - event.field, saved = null) }
            is SettingsEvent.Save -> save(event.field)
            is SettingsEvent.LanguageChosen -> look { it.copy(language = event.language) }
            is SettingsEvent.TextSizeChosen -> look { it.copy(textSize = event.size) }
        }
    }

    private fun look(change: (SettingsState) -> SettingsState) {
        setState(change)
        onLook(current.language, current.textSize)
    }

    private fun unlock() {
        if (!managerCheck.matches(current.passphrase.toCharArray())) return setState { it.copy(passphrase = "", passphraseWrong = true) }
        setState { it.copy(passphrase = "", unlocked = true, loading = true) }
        launch { reload() }
    }

    private suspend fun reload() {
        when (val loaded = core { settings.current() }) {
            is CoreResult.Failed -> setState { it.copy(loading = false, failure = loaded.failure) }
            is CoreResult.Done -> setState { it.copy(loading = false, settings = loaded.value) }
        }
    }

    private fun save(field: SettingField) {
        if (!current.unlocked || !current.canSave(field)) return
        val text = current.draft(field).trim()
        setState { it.copy(working = true, saved = null, refused = it.refused - field) }
        launch {
            val result = core {
                when (field) {
                    SettingField.SCORECARD -> settings.setScorecard(text)
                    SettingField.UPLOAD_ADDRESS -> settings.setUploadAddress(text)
                    SettingField.PLATFORM_KEY -> settings.setPlatformKey(text)
                    SettingField.BANK_RECIPIENTS -> settings.setBankRecipients(text)
                }
            }
            when (result) {
                // The core's refusal stays beside its field; what was typed stays for correcting.
                is CoreResult.Failed -> setState { it.copy(working = false, refused = it.refused + (field to result.failure)) }
                is CoreResult.Done -> {
                    setState { it.copy(working = false, saved = field, drafts = it.drafts - field) }
                    reload()
                }
            }
        }
    }
}
