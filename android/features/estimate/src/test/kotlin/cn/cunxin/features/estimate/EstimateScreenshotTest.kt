package cn.cunxin.features.estimate

import cn.cunxin.architecture.EventSink
import cn.cunxin.screenshots.Screenshots
import org.junit.jupiter.api.Test

class EstimateScreenshotTest {
    @Test
    fun `every estimate state renders as its reference`() =
        Screenshots.verify("estimate", EstimateStateProvider.states) { EstimateView(it, EventSink { }) }
}
