package cn.cunxin.test.builders

import java.awt.Color
import java.awt.image.BufferedImage
import java.io.ByteArrayOutputStream
import java.io.File
import javax.imageio.ImageIO

/**
 * A small JPEG drawn here (sky, a house, a door), the same bytes every time for a [seed]: for
 * thumbnails in screenshots and for the fakes' camera. Different seeds differ in colour.
 */
fun aJpeg(seed: Int = 0, width: Int = 320, height: Int = 240): ByteArray {
    val image = BufferedImage(width, height, BufferedImage.TYPE_INT_RGB)
    val g = image.createGraphics()
    g.color = Color(150 + seed * 17 % 80, 190, 230)
    g.fillRect(0, 0, width, height)
    g.color = Color(110, 150 - seed * 13 % 60, 70)
    g.fillRect(0, height * 3 / 4, width, height / 4)
    g.color = Color(200, 170 - seed * 11 % 50, 140)
    g.fillRect(width / 4, height / 3, width / 2, height * 5 / 12)
    g.color = Color(150, 40, 40)
    g.fillPolygon(intArrayOf(width / 5, width / 2, width * 4 / 5), intArrayOf(height / 3, height / 8, height / 3), 3)
    g.color = Color(90, 60, 40)
    g.fillRect(width * 9 / 20, height / 2, width / 10, height / 4)
    g.dispose()
    return ByteArrayOutputStream().also { ImageIO.write(image, "jpg", it) }.toByteArray()
}

/** Writes [aJpeg] as a camera would, into [dir] under [name]. */
fun aCameraFile(dir: File, name: String, seed: Int = 0): File = File(dir, name).apply { writeBytes(aJpeg(seed)) }

/**
 * A camera-sized JPEG (1600×1200) with fine texture, which passes the core's quality gate; [dark]
 * makes it too dark (mean luma far below the gate's 35). Different seeds are different pictures.
 */
fun aCameraJpeg(seed: Int, dark: Boolean = false, width: Int = 1600, height: Int = 1200): ByteArray {
    val random = java.util.Random(seed.toLong())
    val image = BufferedImage(width, height, BufferedImage.TYPE_INT_RGB)
    val scale = if (dark) 0.08 else 1.0
    val blocks = 40
    val tints = IntArray(blocks * blocks) { random.nextInt(0xffffff) }
    for (y in 0 until height) {
        for (x in 0 until width) {
            val tint = tints[(y * blocks / height) * blocks + x * blocks / width]
            val noise = random.nextInt(90)
            val r = (((tint shr 16 and 0xff) / 2 + noise) * scale).toInt().coerceIn(0, 255)
            val g = (((tint shr 8 and 0xff) / 2 + noise) * scale).toInt().coerceIn(0, 255)
            val b = (((tint and 0xff) / 2 + noise) * scale).toInt().coerceIn(0, 255)
            image.setRGB(x, y, (r shl 16) or (g shl 8) or b)
        }
    }
    return ByteArrayOutputStream().also { ImageIO.write(image, "jpg", it) }.toByteArray()
}
