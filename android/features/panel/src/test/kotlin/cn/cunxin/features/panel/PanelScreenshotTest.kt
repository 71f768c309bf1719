package cn.cunxin.features.panel

import cn.cunxin.architecture.EventSink
import cn.cunxin.screenshots.Screenshots
import org.junit.jupiter.api.Test

class PanelScreenshotTest {
    @Test
    fun `every review-panel state renders as its reference`() =
        Screenshots.verify("panel", PanelStateProvider.states) { PanelView(it, EventSink { }) }

    @Test
    fun `every settings state renders as its reference`() =
        Screenshots.verify("settings", SettingsStateProvider.states) { SettingsView(it, EventSink { }) }
}
