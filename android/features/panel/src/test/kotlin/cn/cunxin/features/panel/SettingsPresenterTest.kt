package cn.cunxin.features.panel

import cn.cunxin.api.FailureCode
import cn.cunxin.designsystem.Language
import cn.cunxin.test.builders.aLuquanForm
import cn.cunxin.test.fakes.FakeFieldStore
import cn.cunxin.test.fakes.FakeScoring
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class SettingsPresenterTest {
    private val screen = SettingsUnderTest()
    private val state get() = screen.presenter.state.value

    @Test
    fun `nothing is read before the grid manager's passphrase`() {
        screen.presenter.onEvent(SettingsEvent.PassphraseChanged("1234"))
        screen.presenter.onEvent(SettingsEvent.Unlock)
        assertTrue(state.passphraseWrong && !state.unlocked)
        assertNull(state.settings)
        screen.type(SettingField.UPLOAD_ADDRESS, "https://cunxin.bank.example/uploads/")
        assertNull(runBlocking { screen.store.settings.current() }.uploadAddress, "a locked screen saves nothing")

        screen.unlock()
        assertTrue(state.unlocked)
        assertEquals("", state.passphrase, "the passphrase is not kept")
        assertEquals("AB12 CD34", state.settings?.deviceKey?.fingerprint)
    }

    @Test
    fun `each setting the core takes is saved and read back with its fingerprint`() {
        screen.unlock().type(SettingField.BANK_RECIPIENTS, "$BANK_KEY\n")
        assertEquals(SettingField.BANK_RECIPIENTS, state.saved)
        assertEquals(listOf(BANK_KEY.takeLast(8)), state.settings?.bankRecipients?.map { it.fingerprint })
        assertEquals("", state.draft(SettingField.BANK_RECIPIENTS))

        screen.type(SettingField.PLATFORM_KEY, PLATFORM_PUB).type(SettingField.UPLOAD_ADDRESS, " https://cunxin.bank.example/uploads/ ")
        assertEquals(PLATFORM_PUB.takeLast(8), state.settings?.platformKey?.fingerprint)
        assertEquals("https://cunxin.bank.example/uploads/", state.settings?.uploadAddress)
        assertTrue(state.refused.isEmpty())
    }

    @Test
    fun `a value the core refuses stays typed beside its code and changes nothing`() {
        screen.unlock().type(SettingField.PLATFORM_KEY, "ssh-ed25519 AAAA")
        assertEquals(FailureCode.BAD_KEY, state.refused[SettingField.PLATFORM_KEY]?.code)
        assertEquals("ssh-ed25519 AAAA", state.draft(SettingField.PLATFORM_KEY))
        assertNull(state.settings?.platformKey)

        screen.type(SettingField.UPLOAD_ADDRESS, "ftp://bank")
        assertEquals(FailureCode.INVALID_INPUT, state.refused[SettingField.UPLOAD_ADDRESS]?.code)
        assertNull(state.saved)

        screen.presenter.onEvent(SettingsEvent.DraftChanged(SettingField.PLATFORM_KEY, PLATFORM_PUB))
        assertFalse(SettingField.PLATFORM_KEY in state.refused, "correcting clears the refusal")
    }

    @Test
    fun `the scorecard in use is changed by name, and a definition the core cannot read changes nothing`() {
        val luquan = aLuquanForm()
        val screen = SettingsUnderTest(FakeFieldStore(FakeScoring(forms = mapOf("luquan" to luquan, "jinxiang" to luquan.copy(scorecard = "jinxiang")))))
        fun state() = screen.presenter.state.value
        screen.unlock()
        assertEquals("luquan", state().settings?.scorecard)
        screen.type(SettingField.SCORECARD, "jinxiang")
        assertEquals(SettingField.SCORECARD to "jinxiang", state().saved to state().settings?.scorecard)
        assertEquals("jinxiang", runBlocking { screen.store.settings.current() }.scorecard)

        screen.type(SettingField.SCORECARD, "id = \"bank-2027\"\nversion = ")
        assertEquals(FailureCode.INVALID_INPUT, state().refused[SettingField.SCORECARD]?.code)
        assertEquals("jinxiang", state().settings?.scorecard, "the scorecard in use stays")
    }

    @Test
    fun `language and text size are handed to the app`() {
        screen.unlock()
        screen.presenter.onEvent(SettingsEvent.LanguageChosen(Language.EN))
        screen.presenter.onEvent(SettingsEvent.TextSizeChosen(TextSize.LARGE))
        assertEquals(Language.EN to TextSize.LARGE, screen.look)
        assertEquals(Language.EN to TextSize.LARGE, state.language to state.textSize)
    }
}
