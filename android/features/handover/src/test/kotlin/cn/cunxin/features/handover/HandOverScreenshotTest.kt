package cn.cunxin.features.handover

import cn.cunxin.architecture.EventSink
import cn.cunxin.screenshots.Screenshots
import org.junit.jupiter.api.Test

class HandOverScreenshotTest {
    @Test
    fun `every hand-over state renders as its reference`() =
        Screenshots.verify("handover", HandOverStateProvider.states) { HandOverView(it, EventSink { }) }
}
