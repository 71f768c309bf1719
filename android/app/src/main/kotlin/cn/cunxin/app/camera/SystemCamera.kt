package cn.cunxin.app.camera

import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.features.photos.Camera
import cn.cunxin.features.photos.CapturePlace
import kotlinx.coroutines.CompletableDeferred
import java.util.concurrent.ConcurrentHashMap

/**
 * The photo screen's [Camera] on Android: [capture] opens the system camera through the launcher
 * the activity's composition registered ([rememberTakePhoto]) and waits for its [result]. It
 * lives as long as the app, so a capture outlives the activity being recreated behind the camera.
 */
class SystemCamera : Camera {
    /** Opens the camera; set while the activity's composition is there, null otherwise. */
    @Volatile
    var open: (() -> Unit)? = null

    @Volatile
    private var waiting: CompletableDeferred<CameraPhoto?>? = null
    private val places = ConcurrentHashMap<String, CapturePlace>()

    /** Called on the UI thread (the presenter's scope); null when cancelled or no activity is shown. */
    override suspend fun capture(kind: PhotoKind, member: Int?): String? {
        val open = open ?: return null
        val result = CompletableDeferred<CameraPhoto?>()
        waiting?.complete(null)
        waiting = result
        open()
        val photo = result.await() ?: return null
        places[photo.file.path] = CapturePlace(photo.takenAt, photo.fix?.latitude, photo.fix?.longitude)
        return photo.file.path
    }

    /** The camera's answer: the kept photo, or null for a cancelled one. */
    fun result(photo: CameraPhoto?) {
        waiting?.complete(photo)
        waiting = null
    }

    // Kept per file: a flagged photo kept with a reason goes to the core again, with its place.
    override fun whereTaken(file: String): CapturePlace? = places[file]
}
