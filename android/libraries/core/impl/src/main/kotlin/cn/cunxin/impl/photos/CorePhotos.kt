package cn.cunxin.impl.photos

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.photos.PhotoCapture
import cn.cunxin.api.photos.PhotoFlag
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.photos.PhotoRequest
import cn.cunxin.api.photos.PhotoSummary
import cn.cunxin.api.photos.Photos
import cn.cunxin.api.photos.RequiredPhoto
import cn.cunxin.api.photos.SimilarPhoto
import cn.cunxin.impl.core
import cn.cunxin.core.ImageSize
import cn.cunxin.core.PhotoKind as CorePhotoKind
import cn.cunxin.ffi.PhotoCapture as FfiPhotoCapture
import cn.cunxin.ffi.Store as FfiStore

internal class CorePhotos(private val store: FfiStore) : Photos {
    override suspend fun take(household: String, cameraFile: String, photo: PhotoRequest, overrideReason: String?): PhotoCapture {
        val kind = photo.kind.toCore()
        val capture = core {
            with(photo) {
                store.capturePhoto(household, cameraFile, kind, takenBy, capturedAt, latitude, longitude, deleteCameraFile, overrideReason)
            }
        }
        return when (capture) {
            is FfiPhotoCapture.Stored -> PhotoCapture.Stored(
                PhotoSummary(
                    id = capture.photoId,
                    kind = photo.kind,
                    member = photo.member,
                    width = capture.width.toInt(),
                    height = capture.height.toInt(),
                    capturedAt = photo.capturedAt,
                    takenBy = photo.takenBy,
                    flags = capture.flags.map { photoFlag(it) },
                    overrideReason = overrideReason.takeIf { capture.flags.isNotEmpty() },
                ),
                capture.similar.map { SimilarPhoto(it.household, it.sameHousehold, it.distance.toInt()) },
                capture.sha256,
            )
            is FfiPhotoCapture.Retake -> PhotoCapture.Retake(capture.flags.map { photoFlag(it) }, capture.message)
        }
    }

    override suspend fun list(household: String): List<PhotoSummary> =
        core { store.photoLines(household) }.map {
            PhotoSummary(
                id = it.id,
                kind = it.kind.toApi(),
                member = null,
                width = it.width.toInt(),
                height = it.height.toInt(),
                capturedAt = it.capturedAt,
                takenBy = it.takenBy,
                flags = it.qualityFlags.map { flag -> photoFlag(flag) },
                overrideReason = it.overrideReason,
            )
        }

    override suspend fun checklist(household: String): List<RequiredPhoto> =
        core { store.photoChecklist(household) }
            .filter { it.required || it.taken > 0u }
            .map { RequiredPhoto(it.kind.toApi(), member = null, present = it.taken > 0u) }

    override suspend fun thumbnail(photoId: String): ByteArray = core { store.photoImage(photoId, ImageSize.THUMBNAIL) }

    override suspend fun display(photoId: String): ByteArray = core { store.photoImage(photoId, ImageSize.DISPLAY) }
}

internal fun PhotoKind.toCore(): CorePhotoKind = when (this) {
    PhotoKind.HOUSE -> CorePhotoKind.HOUSE
    PhotoKind.ID_FRONT -> CorePhotoKind.ID_FRONT
    PhotoKind.ID_BACK -> CorePhotoKind.ID_BACK
    PhotoKind.PORTRAIT -> CorePhotoKind.PORTRAIT
    PhotoKind.PROPERTY_CERTIFICATE -> CorePhotoKind.PROPERTY_CERTIFICATE
    PhotoKind.LAND_CERTIFICATE -> CorePhotoKind.LAND_CERTIFICATE
    PhotoKind.BUSINESS_LICENSE -> CorePhotoKind.BUSINESS_LICENSE
    PhotoKind.OTHER -> CorePhotoKind.OTHER
}

internal fun CorePhotoKind.toApi(): PhotoKind = when (this) {
    CorePhotoKind.HOUSE -> PhotoKind.HOUSE
    CorePhotoKind.ID_FRONT -> PhotoKind.ID_FRONT
    CorePhotoKind.ID_BACK -> PhotoKind.ID_BACK
    CorePhotoKind.PORTRAIT -> PhotoKind.PORTRAIT
    CorePhotoKind.PROPERTY_CERTIFICATE -> PhotoKind.PROPERTY_CERTIFICATE
    CorePhotoKind.LAND_CERTIFICATE -> PhotoKind.LAND_CERTIFICATE
    CorePhotoKind.BUSINESS_LICENSE -> PhotoKind.BUSINESS_LICENSE
    CorePhotoKind.OTHER -> PhotoKind.OTHER
}

internal fun photoFlag(code: String): PhotoFlag = when (code) {
    "blurry" -> PhotoFlag.BLURRY
    "too_dark" -> PhotoFlag.TOO_DARK
    "overexposed" -> PhotoFlag.OVEREXPOSED
    "too_small" -> PhotoFlag.TOO_SMALL
    "near_duplicate_other_household" -> PhotoFlag.NEAR_DUPLICATE_OTHER_HOUSEHOLD
    "near_duplicate_same_household" -> PhotoFlag.NEAR_DUPLICATE_SAME_HOUSEHOLD
    else -> throw CunxinFailure(FailureCode.BUG, "the core flagged a photo as $code, which this app does not know")
}
