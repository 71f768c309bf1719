package cn.cunxin.features.village

import cn.cunxin.architecture.EventSink
import cn.cunxin.screenshots.Screenshots
import org.junit.jupiter.api.Test

class VillageScreenshotTest {
    @Test
    fun `every dashboard state renders as its reference`() =
        Screenshots.verify("dashboard", DashboardStateProvider.states) { DashboardView(it, EventSink { }) }

    @Test
    fun `every public-notice state renders as its reference`() =
        Screenshots.verify("notice", NoticeStateProvider.states) { NoticeView(it, EventSink { }) }
}
