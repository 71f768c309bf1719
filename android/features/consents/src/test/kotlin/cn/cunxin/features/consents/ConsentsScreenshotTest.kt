package cn.cunxin.features.consents

import cn.cunxin.architecture.EventSink
import cn.cunxin.screenshots.Screenshots
import org.junit.jupiter.api.Test

class ConsentsScreenshotTest {
    @Test
    fun `every consents state renders as its reference`() =
        Screenshots.verify("consents", ConsentsStateProvider.states) { ConsentsView(it, EventSink { }) }
}
