package cn.cunxin.features.photos

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.photos.PhotoCapture
import cn.cunxin.api.photos.PhotoRequest
import cn.cunxin.api.photos.Photos
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.Presenter
import kotlinx.coroutines.CoroutineScope
import java.io.File

/**
 * The household's photos: the checklist of required kinds, capture through [Camera], the
 * thumbnail shown as soon as the core has stored it, and a flagged photo (quality or near
 * duplicate) either retaken or kept with a reason.
 */
class PhotosPresenter(
    household: String,
    private val photos: Photos,
    private val camera: Camera,
    private val operator: String,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
) : Presenter<PhotosState, PhotosEvent>(PhotosState(household), scope, dispatchers) {
    private val id = household

    /** Milliseconds from the camera's file to its thumbnail on screen, for the benchmark. */
    var lastCaptureToThumbnailMillis: Long? = null
        private set

    init {
        launch { reload() }
    }

    override fun onEvent(event: PhotosEvent) {
        when (event) {
            is PhotosEvent.Capture -> if (current.capturing == null) capture(event.slot)
            PhotosEvent.Retake -> current.flagged?.let { flagged ->
                File(flagged.cameraFile).delete()
                setState { it.copy(flagged = null) }
                capture(flagged.slot)
            }
            is PhotosEvent.ReasonChanged -> setState { it.copy(flagged = it.flagged?.copy(reason = event.text)) }
            PhotosEvent.Keep -> current.flagged?.let { flagged ->
                if (flagged.reason.isBlank()) {
                    setState { it.copy(failure = CunxinFailure(FailureCode.INVALID_INPUT, "a reason is needed to keep a flagged photo")) }
                } else {
                    setState { it.copy(flagged = null, capturing = flagged.slot, failure = null) }
                    launch { store(flagged.slot, flagged.cameraFile, flagged.reason.trim()) }
                }
            }
            is PhotosEvent.ShowFull -> launch {
                val photo = current.photos.firstOrNull { it.id == event.photoId } ?: return@launch
                setState { it.copy(fullScreen = FullScreen(photo, null)) }
                val image = core { photos.display(photo.id) }
                setState { s -> if (s.fullScreen?.photo?.id == photo.id) s.copy(fullScreen = FullScreen(photo, (image as? CoreResult.Done)?.value)) else s }
            }
            PhotosEvent.CloseFull -> setState { it.copy(fullScreen = null) }
        }
    }

    private fun capture(slot: Slot) {
        setState { it.copy(capturing = slot, failure = null, similar = emptyList()) }
        launch {
            val file = camera.capture(slot.kind, slot.member)
            if (file == null) {
                setState { it.copy(capturing = null) }
            } else {
                store(slot, file, null)
            }
        }
    }

    private suspend fun store(slot: Slot, file: String, reason: String?) {
        val started = System.nanoTime()
        val place = camera.whereTaken(file)
        val request = PhotoRequest(slot.kind, operator, place?.capturedAt, place?.latitude, place?.longitude, slot.member, deleteCameraFile = true)
        when (val taken = core { photos.take(id, file, request, reason) }) {
            is CoreResult.Failed -> setState { it.copy(capturing = null, failure = taken.failure) }
            is CoreResult.Done -> when (val capture = taken.value) {
                is PhotoCapture.Retake -> {
                    val preview = core { File(file).takeIf { it.isFile }?.readBytes() }
                    setState { it.copy(capturing = null, flagged = Flagged(slot, file, capture.flags, capture.message, (preview as? CoreResult.Done)?.value)) }
                }
                is PhotoCapture.Stored -> {
                    val thumb = core { photos.thumbnail(capture.photo.id) }
                    setState {
                        it.copy(
                            capturing = null,
                            // A reload racing this capture may list the photo already: once on screen, not twice.
                            photos = it.photos.filter { p -> p.id != capture.photo.id } + capture.photo,
                            thumbnails = if (thumb is CoreResult.Done) it.thumbnails + (capture.photo.id to thumb.value) else it.thumbnails,
                            similar = capture.similar,
                        )
                    }
                    lastCaptureToThumbnailMillis = (System.nanoTime() - started) / 1_000_000
                    reload()
                }
            }
        }
    }

    private suspend fun reload() {
        when (val loaded = core { photos.checklist(id) to photos.list(id) }) {
            is CoreResult.Failed -> setState { it.copy(loading = false, failure = loaded.failure) }
            is CoreResult.Done -> {
                val (checklist, list) = loaded.value
                setState { it.copy(loading = false, checklist = checklist, photos = list) }
                for (photo in list.filter { it.id !in current.thumbnails }) {
                    val bytes = core { photos.thumbnail(photo.id) }
                    if (bytes is CoreResult.Done) setState { it.copy(thumbnails = it.thumbnails + (photo.id to bytes.value)) }
                }
            }
        }
    }
}
