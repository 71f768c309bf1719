package cn.cunxin.features.photos

import cn.cunxin.architecture.EventSink
import cn.cunxin.screenshots.Screenshots
import org.junit.jupiter.api.Test

class PhotosScreenshotTest {
    @Test
    fun `every photos state renders as its reference`() =
        Screenshots.verify("photos", PhotosStateProvider.states) { PhotosView(it, EventSink { }) }
}
