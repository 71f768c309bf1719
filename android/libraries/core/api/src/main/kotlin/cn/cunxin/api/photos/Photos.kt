package cn.cunxin.api.photos

/**
 * Photos of a household. The camera's file goes in by path and is deleted once stored; images
 * come back only as bytes for the screen (decrypted in memory, never written to disk in clear).
 */
interface Photos {
    /**
     * Takes the camera's photo (a file path) into the store: upright, downscaled, watermarked,
     * checked, compared with stored photos, encrypted. A flagged photo is [PhotoCapture.Retake]
     * unless [overrideReason] is given. A file that is not a usable photo is INVALID_INPUT and
     * nothing is stored.
     */
    suspend fun take(household: String, cameraFile: String, photo: PhotoRequest, overrideReason: String? = null): PhotoCapture

    /** The household's photos, oldest first. */
    suspend fun list(household: String): List<PhotoSummary>

    /** The required photos for this household (by its members and applicant type), each with whether it is there. */
    suspend fun checklist(household: String): List<RequiredPhoto>

    /** The 320 px thumbnail, JPEG bytes, for the screen only. */
    suspend fun thumbnail(photoId: String): ByteArray

    /** The full display image (1600 px, 2000 px for ID cards), JPEG bytes, for the screen only. */
    suspend fun display(photoId: String): ByteArray
}

enum class PhotoKind { HOUSE, ID_FRONT, ID_BACK, PORTRAIT, PROPERTY_CERTIFICATE, LAND_CERTIFICATE, BUSINESS_LICENSE, OTHER }

/** Where and by whom; the core burns time, place, household and [takenBy] into the photo. */
data class PhotoRequest(
    val kind: PhotoKind,
    val takenBy: String,
    /** ISO date-time with offset; null: now. */
    val capturedAt: String?,
    val latitude: Double?,
    val longitude: Double?,
    /** For ID photos and portraits: whose. */
    val member: Int? = null,
    val deleteCameraFile: Boolean = true,
)

/** Why a photo is flagged: quality (blurry, too dark, overexposed, too small) or like another stored photo. */
enum class PhotoFlag { BLURRY, TOO_DARK, OVEREXPOSED, TOO_SMALL, NEAR_DUPLICATE_OTHER_HOUSEHOLD, NEAR_DUPLICATE_SAME_HOUSEHOLD }

sealed interface PhotoCapture {
    /** [sha256] is of the stored JPEG (normalized, watermarked), the bytes the bank receives for this photo. */
    data class Stored(val photo: PhotoSummary, val similar: List<SimilarPhoto>, val sha256: String) : PhotoCapture

    /** Nothing was stored: take it again, or keep it with a reason. [message] is the core's sentence. */
    data class Retake(val flags: List<PhotoFlag>, val message: String) : PhotoCapture
}

data class PhotoSummary(
    val id: String,
    val kind: PhotoKind,
    val member: Int?,
    val width: Int,
    val height: Int,
    val capturedAt: String?,
    val takenBy: String,
    val flags: List<PhotoFlag>,
    /** Set when a flagged photo was kept. */
    val overrideReason: String?,
)

/** A stored photo like the new one; [household] is masked. */
data class SimilarPhoto(val household: String, val sameHousehold: Boolean, val distance: Int)

data class RequiredPhoto(val kind: PhotoKind, val member: Int?, val present: Boolean)
