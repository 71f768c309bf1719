package cn.cunxin.features.panel

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.settings.Settings
import cn.cunxin.designsystem.Language

/** Text size for older eyes: kept in the app (the store has no setting for it), as is the language. */
enum class TextSize(val fontScale: Float) { NORMAL(1f), LARGE(1.25f) }

/** The settings typed in here; each is saved, and refused, on its own. */
enum class SettingField { SCORECARD, UPLOAD_ADDRESS, PLATFORM_KEY, BANK_RECIPIENTS }

data class SettingsState(
    /** Settings open only after the grid manager's passphrase. */
    val unlocked: Boolean = false,
    val passphrase: String = "",
    val passphraseWrong: Boolean = false,
    val loading: Boolean = false,
    val settings: Settings? = null,
    val drafts: Map<SettingField, String> = emptyMap(),
    val saved: SettingField? = null,
    val refused: Map<SettingField, CunxinFailure> = emptyMap(),
    val language: Language = Language.ZH,
    val textSize: TextSize = TextSize.NORMAL,
    val working: Boolean = false,
    val failure: CunxinFailure? = null,
) {
    fun draft(field: SettingField): String = drafts[field].orEmpty()
    fun canSave(field: SettingField): Boolean = !working && draft(field).isNotBlank()
}

sealed interface SettingsEvent {
    data class PassphraseChanged(val passphrase: String) : SettingsEvent
    data object Unlock : SettingsEvent
    data class DraftChanged(val field: SettingField, val text: String) : SettingsEvent
    data class Save(val field: SettingField) : SettingsEvent
    data class LanguageChosen(val language: Language) : SettingsEvent
    data class TextSizeChosen(val size: TextSize) : SettingsEvent
}
