package cn.cunxin.features.consents

import org.jetbrains.skia.EncodedImageFormat
import org.jetbrains.skia.Paint
import org.jetbrains.skia.PaintMode
import org.jetbrains.skia.PaintStrokeCap
import org.jetbrains.skia.Surface

/** Turns the pad's strokes into the small PNG the core keeps encrypted with the consent. */
fun interface SignatureImage {
    fun png(strokes: List<List<Point>>, width: Int, height: Int): ByteArray
}

/** Skia's drawing (desktop); the Android module can pass one drawn with android.graphics. */
object SkiaSignatureImage : SignatureImage {
    override fun png(strokes: List<List<Point>>, width: Int, height: Int): ByteArray {
        val surface = Surface.makeRasterN32Premul(width, height)
        val canvas = surface.canvas
        canvas.clear(0xFFFFFFFF.toInt())
        val paint = Paint().apply {
            color = 0xFF111111.toInt()
            mode = PaintMode.STROKE
            strokeWidth = 3f
            strokeCap = PaintStrokeCap.ROUND
            isAntiAlias = true
        }
        strokes.filter { it.size >= 2 }.forEach { stroke ->
            stroke.zipWithNext().forEach { (a, b) -> canvas.drawLine(a.x, a.y, b.x, b.y, paint) }
        }
        return surface.makeImageSnapshot().encodeToData(EncodedImageFormat.PNG)!!.bytes
    }
}
