package cn.cunxin.app.camera

import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.app.location.Fix
import cn.cunxin.features.photos.CapturePlace
import kotlinx.coroutines.async
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import java.io.File

/** The photo screen's Camera over the activity's launcher: a capture waits for the camera app's answer. */
class SystemCameraTest {
    private val camera = SystemCamera()
    private var opened = 0

    @Test
    fun `a capture opens the camera, waits for the kept photo, and knows when and where it was taken`() = runTest {
        camera.open = { opened++ }
        val capture = async { camera.capture(PhotoKind.HOUSE, null) }
        runCurrent()
        assertEquals(1, opened)
        assertFalse(capture.isCompleted, "it waits for the camera app")
        camera.result(CameraPhoto(File("/files/camera/a.jpg"), "2026-05-12T09:30:00+08:00", Fix(34.62, 112.45, 12f, true)))
        assertEquals("/files/camera/a.jpg", capture.await())
        assertEquals(CapturePlace("2026-05-12T09:30:00+08:00", 34.62, 112.45), camera.whereTaken("/files/camera/a.jpg"))
    }

    @Test
    fun `a cancelled capture is null, and without an activity there is no camera to open`() = runTest {
        assertNull(camera.capture(PhotoKind.HOUSE, null), "no activity shown")
        camera.open = { opened++ }
        val capture = async { camera.capture(PhotoKind.ID_FRONT, 0) }
        runCurrent()
        camera.result(null)
        assertNull(capture.await())
        assertNull(camera.whereTaken("/files/camera/a.jpg"))
    }
}
