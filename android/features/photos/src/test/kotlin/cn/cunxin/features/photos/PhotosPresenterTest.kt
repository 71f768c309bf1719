package cn.cunxin.features.photos

import cn.cunxin.api.FailureCode
import cn.cunxin.api.photos.PhotoFlag
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.test.builders.aCameraFile
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.fakes.FakeFieldStore
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

@OptIn(ExperimentalCoroutinesApi::class)
class PhotosPresenterTest {
    private val store = FakeFieldStore().apply { add(aHousehold("H001")) }

    @TempDir
    lateinit var dir: File

    /** The camera hands out these files in turn; null is a cancelled camera. */
    private val shots = ArrayDeque<String?>()

    private fun TestScope.presenter(): PhotosPresenter {
        val d = StandardTestDispatcher(testScheduler)
        return PhotosPresenter("H001", store.photos, { _, _ -> shots.removeFirst() }, "网格员王五", backgroundScope, CoroutineDispatchers(d, d, d)).also { runCurrent() }
    }

    @Test
    fun `a photo taken shows its thumbnail at once and ticks the checklist`() = runTest {
        val p = presenter()
        assertFalse(p.state.value.checklist.first { it.kind == PhotoKind.HOUSE }.present)
        val file = aCameraFile(dir, "house.jpg")
        shots += file.path
        p.onEvent(PhotosEvent.Capture(Slot(PhotoKind.HOUSE, null)))
        runCurrent()
        val photo = checkNotNull(p.state.value.photoFor(Slot(PhotoKind.HOUSE, null)))
        assertNotNull(p.state.value.thumbnails[photo.id])
        assertTrue(p.state.value.checklist.first { it.kind == PhotoKind.HOUSE }.present)
        assertFalse(file.exists(), "the camera's file is gone once stored")
        assertNotNull(p.lastCaptureToThumbnailMillis)
    }

    @Test
    fun `a blurry photo is retaken, and a second flagged one is kept with a reason`() = runTest {
        val p = presenter()
        val slot = Slot(PhotoKind.ID_FRONT, 0)
        shots += aCameraFile(dir, "id-blurry.jpg", 2).path
        p.onEvent(PhotosEvent.Capture(slot))
        runCurrent()
        val flagged = checkNotNull(p.state.value.flagged)
        assertEquals(listOf(PhotoFlag.BLURRY), flagged.flags)
        assertNotNull(flagged.preview)
        assertTrue(p.state.value.photos.isEmpty(), "nothing is stored while it is flagged")

        shots += aCameraFile(dir, "id-blurry-again.jpg", 3).path
        p.onEvent(PhotosEvent.Retake)
        runCurrent()
        assertFalse(File(flagged.cameraFile).exists(), "the retaken photo's file is thrown away")
        assertNotNull(p.state.value.flagged)
        p.onEvent(PhotosEvent.Keep)
        assertEquals(FailureCode.INVALID_INPUT, p.state.value.failure?.code)
        p.onEvent(PhotosEvent.ReasonChanged("证件反光，已尽量拍清"))
        p.onEvent(PhotosEvent.Keep)
        runCurrent()
        assertNull(p.state.value.flagged)
        assertEquals("证件反光，已尽量拍清", p.state.value.photoFor(slot)?.overrideReason)
    }

    @Test
    fun `a cancelled camera stores nothing, and full screen shows the display image`() = runTest {
        val p = presenter()
        shots += null
        p.onEvent(PhotosEvent.Capture(Slot(PhotoKind.HOUSE, null)))
        runCurrent()
        assertNull(p.state.value.capturing)
        assertTrue(p.state.value.photos.isEmpty())
        shots += aCameraFile(dir, "house.jpg").path
        p.onEvent(PhotosEvent.Capture(Slot(PhotoKind.HOUSE, null)))
        runCurrent()
        p.onEvent(PhotosEvent.ShowFull(p.state.value.photos.single().id))
        runCurrent()
        assertNotNull(p.state.value.fullScreen?.image)
        p.onEvent(PhotosEvent.CloseFull)
        assertNull(p.state.value.fullScreen)
    }

    @Test
    fun `the time the camera knows goes to the core with the photo`() = runTest {
        val file = aCameraFile(dir, "house.jpg")
        val camera = object : Camera {
            override suspend fun capture(kind: PhotoKind, member: Int?) = file.path
            override fun whereTaken(file: String) = CapturePlace("2026-05-12T09:30:00+08:00", 34.62, 112.45)
        }
        val d = StandardTestDispatcher(testScheduler)
        val p = PhotosPresenter("H001", store.photos, camera, "网格员王五", backgroundScope, CoroutineDispatchers(d, d, d))
        runCurrent()
        p.onEvent(PhotosEvent.Capture(Slot(PhotoKind.HOUSE, null)))
        runCurrent()
        assertEquals("2026-05-12T09:30:00+08:00", p.state.value.photos.single().capturedAt)
    }
}
