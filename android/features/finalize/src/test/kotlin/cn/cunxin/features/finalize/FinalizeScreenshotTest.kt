package cn.cunxin.features.finalize

import cn.cunxin.architecture.EventSink
import cn.cunxin.screenshots.Screenshots
import org.junit.jupiter.api.Test

class FinalizeScreenshotTest {
    @Test
    fun `every finalize state renders as its reference`() =
        Screenshots.verify("finalize", FinalizeStateProvider.states) { FinalizeView(it, EventSink { }) }
}
