package cn.cunxin.features.facts

import cn.cunxin.architecture.EventSink
import cn.cunxin.screenshots.Screenshots
import org.junit.jupiter.api.Test

class FactsScreenshotTest {
    @Test
    fun `every facts state renders as its reference`() =
        Screenshots.verify("facts", FactsStateProvider.states) { FactsView(it, EventSink { }) }
}
