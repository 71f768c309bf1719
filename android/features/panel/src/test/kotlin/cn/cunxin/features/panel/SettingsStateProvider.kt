package cn.cunxin.features.panel

/** The settings' states worth seeing, each what the presenter holds after the grid manager's steps on a fake store. */
object SettingsStateProvider {
    val states: List<Pair<String, SettingsState>> by lazy {
        listOf(
            "locked" to SettingsUnderTest().presenter.state.value,
            "typical" to SettingsUnderTest().unlock()
                .type(SettingField.BANK_RECIPIENTS, BANK_KEY)
                .type(SettingField.PLATFORM_KEY, PLATFORM_PUB)
                .type(SettingField.UPLOAD_ADDRESS, "https://cunxin.bank.example/uploads/")
                .presenter.state.value,
            "nothing" to SettingsUnderTest().unlock().presenter.state.value,
            "badkey" to SettingsUnderTest().unlock().type(SettingField.PLATFORM_KEY, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5").presenter.state.value,
        )
    }
}
