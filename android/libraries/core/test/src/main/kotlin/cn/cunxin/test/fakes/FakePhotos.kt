package cn.cunxin.test.fakes

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
import java.io.File

/**
 * Photos kept as the camera's bytes. A camera file whose name contains "blurry" is flagged
 * blurry, one that is dark (mean luma below 35, as the core measures) or named "dark" too dark;
 * the same bytes again are a near duplicate (same or other household).
 */
class FakePhotos internal constructor(private val world: FakeWorld) : Photos {
    private val bytes = mutableMapOf<String, ByteArray>()
    private val owners = mutableMapOf<Int, String>()

    override suspend fun take(household: String, cameraFile: String, photo: PhotoRequest, overrideReason: String?): PhotoCapture {
        val h = world.editable(household)
        val file = File(cameraFile)
        if (!file.isFile || file.length() == 0L) throw CunxinFailure(FailureCode.INVALID_INPUT, "the camera file is not a photo: take it again")
        val content = file.readBytes()
        val hash = content.contentHashCode()
        val flags = buildList {
            if ("blurry" in file.name) add(PhotoFlag.BLURRY)
            if ("dark" in file.name || meanLuma(content)?.let { it < 35 } == true) add(PhotoFlag.TOO_DARK)
            owners[hash]?.let { add(if (it == household) PhotoFlag.NEAR_DUPLICATE_SAME_HOUSEHOLD else PhotoFlag.NEAR_DUPLICATE_OTHER_HOUSEHOLD) }
        }
        if (flags.isNotEmpty() && overrideReason.isNullOrBlank()) {
            return PhotoCapture.Retake(flags, "the photo is flagged (${flags.joinToString { it.name.lowercase() }}): take it again, or keep it with a reason")
        }
        val summary = PhotoSummary("P${bytes.size + 1}", photo.kind, photo.member, 1600, 1200, photo.capturedAt ?: world.now(), photo.takenBy, flags, overrideReason)
        val similar = owners[hash]?.let { listOf(SimilarPhoto(maskId(it), it == household, 0)) }.orEmpty()
        bytes[summary.id] = content
        owners.putIfAbsent(hash, household)
        h.photos += summary
        if (photo.deleteCameraFile) file.delete()
        world.edited(h, "photo", "拍照 ${photo.kind.name.lowercase()}")
        val sha256 = java.security.MessageDigest.getInstance("SHA-256").digest(content).joinToString("") { "%02x".format(it) }
        return PhotoCapture.Stored(summary, similar, sha256)
    }

    /** The core's darkness test, roughly: mean Rec. 601 luma of a sample of pixels; null when not an image. */
    private fun meanLuma(bytes: ByteArray): Double? {
        val image = javax.imageio.ImageIO.read(java.io.ByteArrayInputStream(bytes)) ?: return null
        var sum = 0L
        var n = 0
        for (y in 0 until image.height step 8) {
            for (x in 0 until image.width step 8) {
                val rgb = image.getRGB(x, y)
                sum += (77 * (rgb shr 16 and 0xff) + 150 * (rgb shr 8 and 0xff) + 29 * (rgb and 0xff)) shr 8
                n++
            }
        }
        return if (n == 0) null else sum.toDouble() / n
    }

    override suspend fun list(household: String): List<PhotoSummary> = world.household(household).photos.toList()

    override suspend fun checklist(household: String): List<RequiredPhoto> {
        val h = world.household(household)
        fun present(kind: PhotoKind, member: Int?) = h.photos.any { it.kind == kind && it.member == member }
        return buildList {
            add(RequiredPhoto(PhotoKind.HOUSE, null, present(PhotoKind.HOUSE, null)))
            h.members.filter { !it.removed && it.adult }.forEach { m ->
                add(RequiredPhoto(PhotoKind.ID_FRONT, m.index, present(PhotoKind.ID_FRONT, m.index)))
                add(RequiredPhoto(PhotoKind.ID_BACK, m.index, present(PhotoKind.ID_BACK, m.index)))
            }
            val head = h.head().index
            add(RequiredPhoto(PhotoKind.PORTRAIT, head, present(PhotoKind.PORTRAIT, head)))
        }
    }

    override suspend fun thumbnail(photoId: String): ByteArray = bytes[photoId] ?: throw CunxinFailure(FailureCode.NOT_FOUND, "no such photo")

    override suspend fun display(photoId: String): ByteArray = thumbnail(photoId)
}

