package cn.cunxin.features.household

import cn.cunxin.architecture.EventSink
import cn.cunxin.screenshots.Screenshots
import org.junit.jupiter.api.Test

class HouseholdScreenshotTest {
    @Test
    fun `every household state renders as its reference`() =
        Screenshots.verify("household", HouseholdStateProvider.states) { HouseholdView(it, EventSink { }) }
}
