package cn.cunxin.screenshots

import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.Surface
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.ImageComposeScene
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.Density
import cn.cunxin.designsystem.CunxinTheme
import cn.cunxin.designsystem.Language
import cn.cunxin.designsystem.LocalImageDecoder
import cn.cunxin.designsystem.SkiaImageDecoder
import org.jetbrains.skia.EncodedImageFormat
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.File
import java.awt.image.BufferedImage
import javax.imageio.IIOImage
import javax.imageio.ImageIO
import javax.imageio.ImageWriteParam
import kotlin.math.abs

/** The two sizes every state is drawn at, in dp (rendered at density 1: one pixel per dp). */
enum class Device(val width: Int, val height: Int) {
    TABLET(1280, 800),
    PHONE(411, 891),
}

/**
 * Renders every named state of a screen at both sizes and in both languages, and compares each
 * image with its reference in src/test/screenshots/. A missing or changed reference fails the
 * test; run with -Dcunxin.screenshots.record=true to write the references on purpose. The images
 * as rendered are also written to target/screenshots/ to look at.
 */
object Screenshots {
    private val referenceDir = File(System.getProperty("cunxin.screenshots.reference.dir") ?: "src/test/screenshots")
    private val outputDir = File(System.getProperty("cunxin.screenshots.dir") ?: "target/screenshots")
    private val record = System.getProperty("cunxin.screenshots.record") == "true"

    /** A pixel differs when a channel moves by more than this (anti-aliasing jitter stays below it). */
    private const val CHANNEL_TOLERANCE = 24

    /** And the image differs when more than this share of pixels do. */
    private const val PIXEL_SHARE_TOLERANCE = 0.002

    fun <S> verify(screen: String, states: List<Pair<String, S>>, content: @Composable (S) -> Unit) {
        val failures = mutableListOf<String>()
        for ((stateName, state) in states) {
            for (device in Device.entries) {
                for (language in Language.entries) {
                    val name = "$screen-$stateName-${device.name.lowercase()}-${language.name.lowercase()}.png"
                    val png = render(device, language) { content(state) }
                    check(outputDir.isDirectory || outputDir.mkdirs()) { "cannot create $outputDir" }
                    File(outputDir, name).writeBytes(png)
                    val reference = File(referenceDir, name)
                    if (record) {
                        check(referenceDir.isDirectory || referenceDir.mkdirs()) { "cannot create $referenceDir" }
                        reference.writeBytes(png)
                        continue
                    }
                    if (!reference.isFile) {
                        failures += "$name: no reference image; look at target/screenshots/$name and record it with -Dcunxin.screenshots.record=true"
                        continue
                    }
                    difference(ImageIO.read(reference), ImageIO.read(ByteArrayInputStream(png)))?.let { failures += "$name: $it" }
                }
            }
        }
        if (failures.isNotEmpty()) fail<Unit>("renderings differ from their references:\n" + failures.joinToString("\n"))
    }

    fun render(device: Device, language: Language, content: @Composable () -> Unit): ByteArray {
        val scene = ImageComposeScene(device.width, device.height, Density(1f)) {
            CompositionLocalProvider(LocalImageDecoder provides SkiaImageDecoder) {
                CunxinTheme(language) { Surface(Modifier.fillMaxSize()) { content() } }
            }
        }
        val rgba = try {
            scene.render().encodeToData(EncodedImageFormat.PNG)!!.bytes
        } finally {
            scene.close()
        }
        return opaque(rgba)
    }

    /** Screens are opaque: dropping the alpha channel keeps the references about a third smaller. */
    private fun opaque(png: ByteArray): ByteArray {
        val image = ImageIO.read(ByteArrayInputStream(png))
        val rgb = BufferedImage(image.width, image.height, BufferedImage.TYPE_INT_RGB)
        rgb.createGraphics().apply { drawImage(image, 0, 0, null) }.dispose()
        val writer = ImageIO.getImageWritersByFormatName("png").next()
        val param = writer.defaultWriteParam.apply {
            compressionMode = ImageWriteParam.MODE_EXPLICIT
            compressionQuality = 0f // the strongest deflate: references stay small in git
        }
        val out = ByteArrayOutputStream()
        ImageIO.createImageOutputStream(out).use { stream ->
            writer.output = stream
            writer.write(null, IIOImage(rgb, null, null), param)
        }
        writer.dispose()
        return out.toByteArray()
    }

    private fun difference(expected: BufferedImage, actual: BufferedImage): String? {
        if (expected.width != actual.width || expected.height != actual.height) {
            return "size ${actual.width}×${actual.height}, reference ${expected.width}×${expected.height}"
        }
        var differing = 0
        for (y in 0 until expected.height) {
            for (x in 0 until expected.width) {
                val a = expected.getRGB(x, y)
                val b = actual.getRGB(x, y)
                if (a != b && (0..16 step 8).any { shift -> abs((a shr shift and 0xff) - (b shr shift and 0xff)) > CHANNEL_TOLERANCE }) differing++
            }
        }
        val share = differing.toDouble() / (expected.width * expected.height)
        return if (share > PIXEL_SHARE_TOLERANCE) "%.2f%% of pixels changed".format(share * 100) else null
    }

    /** A rendering is not blank: used by tests that only check a screen draws at all. */
    fun assertDrawn(png: ByteArray) {
        val image = ImageIO.read(ByteArrayInputStream(png))
        val shades = HashSet<Int>()
        for (y in 0 until image.height step 4) for (x in 0 until image.width step 4) shades += image.getRGB(x, y)
        assertTrue(shades.size > 8, "the rendering looks blank")
    }
}
