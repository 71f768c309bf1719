package cn.cunxin.features.photos

import cn.cunxin.api.photos.PhotoKind

/**
 * Takes one photo and returns its file (the core takes it in and deletes it), or null when the
 * grid manager cancelled. Android: the camera app through an intent; desktop: a file chooser
 * opening on the sample images.
 */
fun interface Camera {
    suspend fun capture(kind: PhotoKind, member: Int?): String?

    /** When and where [file] was taken, if this camera knows (Android seeks a fix meanwhile); null: the core stamps now, no place. */
    fun whereTaken(file: String): CapturePlace? = null
}

/** [capturedAt]: ISO date-time with offset; the fix, when there was one. */
data class CapturePlace(val capturedAt: String?, val latitude: Double?, val longitude: Double?)
