package cn.cunxin.features.photos

import cn.cunxin.api.photos.PhotoKind

/**
 * Takes one photo and returns its file (the core takes it in and deletes it), or null when the
 * grid manager cancelled. Android: the camera app through an intent; desktop: a file chooser
 * opening on the sample images.
 */
fun interface Camera {
    suspend fun capture(kind: PhotoKind, member: Int?): String?
}
