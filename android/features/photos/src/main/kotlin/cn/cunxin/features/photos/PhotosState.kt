package cn.cunxin.features.photos

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.photos.PhotoFlag
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.photos.PhotoSummary
import cn.cunxin.api.photos.RequiredPhoto
import cn.cunxin.api.photos.SimilarPhoto

data class PhotosState(
    val household: String,
    val loading: Boolean = true,
    val checklist: List<RequiredPhoto> = emptyList(),
    val photos: List<PhotoSummary> = emptyList(),
    val thumbnails: Map<String, ByteArray> = emptyMap(),
    /** The kind being taken right now (camera open or the core storing it). */
    val capturing: Slot? = null,
    /** A photo the core flagged: nothing is stored until it is retaken or kept with a reason. */
    val flagged: Flagged? = null,
    /** The last photo stored looked like one already stored (kept with a reason). */
    val similar: List<SimilarPhoto> = emptyList(),
    val fullScreen: FullScreen? = null,
    val failure: CunxinFailure? = null,
) {
    /** The newest photo for a checklist slot. */
    fun photoFor(slot: Slot): PhotoSummary? = photos.lastOrNull { it.kind == slot.kind && it.member == slot.member }

    /** Photos beyond the checklist (certificates, other). */
    val extra: List<PhotoSummary> get() = photos.filter { p -> checklist.none { it.kind == p.kind && it.member == p.member } }
}

data class Slot(val kind: PhotoKind, val member: Int?)

data class Flagged(val slot: Slot, val cameraFile: String, val flags: List<PhotoFlag>, val message: String, val preview: ByteArray?, val reason: String = "") {
    override fun equals(other: Any?): Boolean = other is Flagged && other.slot == slot && other.cameraFile == cameraFile && other.flags == flags && other.reason == reason

    override fun hashCode(): Int = cameraFile.hashCode()
}

class FullScreen(val photo: PhotoSummary, val image: ByteArray?)

sealed interface PhotosEvent {
    data class Capture(val slot: Slot) : PhotosEvent

    data object Retake : PhotosEvent

    data class ReasonChanged(val text: String) : PhotosEvent

    data object Keep : PhotosEvent

    data class ShowFull(val photoId: String) : PhotosEvent

    data object CloseFull : PhotosEvent
}
