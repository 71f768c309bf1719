package cn.cunxin.features.worklist

import cn.cunxin.architecture.EventSink
import cn.cunxin.screenshots.Screenshots
import org.junit.jupiter.api.Test

class WorkListScreenshotTest {
    @Test
    fun `every work list state renders as its reference`() =
        Screenshots.verify("worklist", WorkListStateProvider.states) { WorkListView(it, EventSink { }) }
}
