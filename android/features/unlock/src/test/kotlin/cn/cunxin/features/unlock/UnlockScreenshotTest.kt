package cn.cunxin.features.unlock

import cn.cunxin.architecture.EventSink
import cn.cunxin.screenshots.Screenshots
import org.junit.jupiter.api.Test

class UnlockScreenshotTest {
    @Test
    fun `every unlock state renders as its reference`() =
        Screenshots.verify("unlock", UnlockStateProvider.states) { UnlockView(it, EventSink { }) }
}
