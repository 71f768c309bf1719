package cn.cunxin.features.consents

import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.graphics.Canvas
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.Paint
import androidx.compose.ui.graphics.PaintingStyle
import androidx.compose.ui.graphics.StrokeCap
import java.io.ByteArrayOutputStream
import java.nio.ByteBuffer
import java.util.zip.CRC32
import java.util.zip.DeflaterOutputStream

/** Turns the pad's strokes into the small PNG the core keeps encrypted with the consent. */
fun interface SignatureImage {
    fun png(strokes: List<List<Point>>, width: Int, height: Int): ByteArray
}

/**
 * Drawn on Compose's own canvas, which is Skia on the desktop and android.graphics on Android, so
 * one drawing serves both hosts; Compose has no common image encoder, so [RgbPng] writes the file.
 */
object ComposeSignatureImage : SignatureImage {
    override fun png(strokes: List<List<Point>>, width: Int, height: Int): ByteArray {
        val bitmap = ImageBitmap(width, height)
        val canvas = Canvas(bitmap)
        canvas.drawRect(0f, 0f, width.toFloat(), height.toFloat(), Paint().apply { color = Color.White })
        val ink = Paint().apply {
            color = Color(0xFF111111)
            style = PaintingStyle.Stroke
            strokeWidth = 3f
            strokeCap = StrokeCap.Round
            isAntiAlias = true
        }
        strokes.filter { it.size >= 2 }.forEach { stroke ->
            stroke.zipWithNext().forEach { (a, b) -> canvas.drawLine(Offset(a.x, a.y), Offset(b.x, b.y), ink) }
        }
        val argb = IntArray(width * height)
        bitmap.readPixels(argb)
        return RgbPng.encode(argb, width, height)
    }
}

/**
 * An 8-bit RGB PNG: signature, header, one zlib stream of unfiltered rows, end. Not greyscale,
 * which readers such as Java's ImageIO take as linear grey and lighten.
 */
internal object RgbPng {
    private val SIGNATURE = byteArrayOf(0x89.toByte(), 'P'.code.toByte(), 'N'.code.toByte(), 'G'.code.toByte(), 0x0D, 0x0A, 0x1A, 0x0A)

    fun encode(argb: IntArray, width: Int, height: Int): ByteArray {
        val rows = ByteArrayOutputStream()
        DeflaterOutputStream(rows).use { zlib ->
            val row = ByteArray(1 + 3 * width) // filter type None, then R G B per pixel
            for (y in 0 until height) {
                for (x in 0 until width) {
                    val pixel = argb[y * width + x]
                    row[1 + 3 * x] = (pixel shr 16).toByte()
                    row[2 + 3 * x] = (pixel shr 8).toByte()
                    row[3 + 3 * x] = pixel.toByte()
                }
                zlib.write(row)
            }
        }
        val header = ByteBuffer.allocate(13).putInt(width).putInt(height)
            .put(8) // bits per sample
            .put(2) // truecolour
            .put(0).put(0).put(0) // deflate, adaptive filtering, no interlace
            .array()
        return ByteArrayOutputStream().apply {
            write(SIGNATURE)
            chunk("IHDR", header)
            chunk("IDAT", rows.toByteArray())
            chunk("IEND", ByteArray(0))
        }.toByteArray()
    }

    private fun ByteArrayOutputStream.chunk(type: String, data: ByteArray) {
        val typeBytes = type.toByteArray(Charsets.US_ASCII)
        write(ByteBuffer.allocate(4).putInt(data.size).array())
        write(typeBytes)
        write(data)
        val crc = CRC32().apply { update(typeBytes); update(data) }
        write(ByteBuffer.allocate(4).putInt(crc.value.toInt()).array())
    }
}
