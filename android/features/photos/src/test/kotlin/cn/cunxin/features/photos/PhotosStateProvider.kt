package cn.cunxin.features.photos

import cn.cunxin.api.photos.PhotoFlag
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.photos.RequiredPhoto
import cn.cunxin.api.photos.SimilarPhoto
import cn.cunxin.test.builders.aJpeg
import cn.cunxin.test.builders.aPhotoSummary

/** The photos screen's states worth seeing. */
object PhotosStateProvider {
    private val checklist = listOf(
        RequiredPhoto(PhotoKind.HOUSE, null, true), RequiredPhoto(PhotoKind.ID_FRONT, 0, true), RequiredPhoto(PhotoKind.ID_BACK, 0, false),
        RequiredPhoto(PhotoKind.ID_FRONT, 1, false), RequiredPhoto(PhotoKind.ID_BACK, 1, false), RequiredPhoto(PhotoKind.PORTRAIT, 0, false),
    )
    private val photos = listOf(aPhotoSummary("P1"), aPhotoSummary("P2", PhotoKind.ID_FRONT, 0, listOf(PhotoFlag.BLURRY), "证件反光，已尽量拍清"))
    private val typical = PhotosState("H001", loading = false, checklist = checklist, photos = photos, thumbnails = mapOf("P1" to aJpeg(1), "P2" to aJpeg(3)))

    val states: List<Pair<String, PhotosState>> = listOf(
        "empty" to PhotosState("H001", loading = false, checklist = checklist.map { it.copy(present = false) }),
        "typical" to typical.copy(similar = listOf(SimilarPhoto("H0**7", false, 3))),
        "flagged" to typical.copy(
            flagged = Flagged(Slot(PhotoKind.ID_BACK, 0), "/tmp/camera.jpg", listOf(PhotoFlag.BLURRY, PhotoFlag.NEAR_DUPLICATE_SAME_HOUSEHOLD), "the photo is flagged", aJpeg(4)),
        ),
        "full-screen" to typical.copy(fullScreen = FullScreen(photos[0], aJpeg(1, 1600, 1200))),
    )
}
