package cn.cunxin.features.panel

import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.designsystem.Language
import cn.cunxin.test.fakes.FakeFieldStore
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers

const val BANK_KEY = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
const val PLATFORM_PUB = "untrusted comment: minisign public key 5E1AD7B3C9F08A42\nRWRCivDJs9caXq0VnZ3XbYx9mTq1aXwK5o7l0PqHnGzWc3sB2TQy4bT1"

/** The presenter and the look it last handed to the app. */
class SettingsUnderTest(val store: FakeFieldStore = FakeFieldStore()) {
    var look: Pair<Language, TextSize>? = null
    val presenter: SettingsPresenter = Dispatchers.Unconfined.let { now ->
        SettingsPresenter(store.settings, managerCheck(), Language.ZH, TextSize.NORMAL, { l, t -> look = l to t }, CoroutineScope(now), CoroutineDispatchers(now, now, now))
    }

    fun unlock() = apply {
        presenter.onEvent(SettingsEvent.PassphraseChanged(MANAGER_PASSPHRASE))
        presenter.onEvent(SettingsEvent.Unlock)
    }

    fun type(field: SettingField, text: String) = apply {
        presenter.onEvent(SettingsEvent.DraftChanged(field, text))
        presenter.onEvent(SettingsEvent.Save(field))
    }
}
