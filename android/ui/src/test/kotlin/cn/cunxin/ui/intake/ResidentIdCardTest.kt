package cn.cunxin.ui.intake

import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.ui.ImageComposeScene
import androidx.compose.ui.Modifier
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.v2.runComposeUiTest
import androidx.compose.ui.unit.Density
import cn.cunxin.api.intake.ResidentId
import cn.cunxin.api.intake.ResidentIdCheck
import cn.cunxin.impl.CoreCunxin
import org.jetbrains.skia.EncodedImageFormat
import org.jetbrains.skia.FontMgr
import org.jetbrains.skia.FontStyle
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import kotlinx.coroutines.runBlocking
import java.io.File
import javax.imageio.ImageIO
import kotlin.math.sqrt

/** The ID card screen, fed by the real Rust core through impl and rendered with no display. */
@OptIn(ExperimentalTestApi::class)
class ResidentIdCardTest {
    private val residentIds = CoreCunxin().residentIds

    private fun checkedId(input: String): ResidentId =
        assertInstanceOf(ResidentIdCheck.Valid::class.java, runBlocking { residentIds.check(input) }).id

    @Test
    fun `the card shows the masked ID, birth date and sex the core computed, never the full ID`() =
        runComposeUiTest {
            setContent { MaterialTheme { ResidentIdCard(checkedId("410303199003071238")) } }
            onNodeWithText("410303********1238").assertExists()
            onNodeWithText("1990年3月7日").assertExists()
            onNodeWithText("男").assertExists()
            onNodeWithText("410303199003071238").assertDoesNotExist()
        }

    @Test
    fun `a bad ID shows the core's sentence instead of a card`() = runComposeUiTest {
        val check = runBlocking { residentIds.check("410303199003071239") }
        setContent { MaterialTheme { ResidentIdCheckView(check) } }
        onNodeWithText((check as ResidentIdCheck.Invalid).message).assertExists()
        onNodeWithText("性别").assertDoesNotExist()
    }

    @Test
    fun `a font with Chinese glyphs is installed, so labels do not render as empty boxes`() {
        val typeface = FontMgr.default.matchFamilyStyleCharacter(null, FontStyle.NORMAL, arrayOf("zh-CN"), '女'.code)
        assertTrue(
            typeface != null,
            "no installed font has Chinese glyphs: install fonts-droid-fallback or fonts-noto-cjk (.ci/apt-packages)",
        )
    }

    @Test
    fun `the card renders headlessly to a PNG`() {
        val id = checkedId("11010519491231002X")
        val scene = ImageComposeScene(width = WIDTH, height = HEIGHT, density = Density(2f)) {
            // An opaque background, so the PNG shows what a screen shows and blank means blank.
            MaterialTheme { Surface(Modifier.fillMaxSize()) { ResidentIdCard(id) } }
        }
        val png = try {
            scene.render().encodeToData(EncodedImageFormat.PNG)!!.bytes
        } finally {
            scene.close()
        }

        val file = File(screenshotsDir(), "resident-id.png")
        file.writeBytes(png)

        val image = checkNotNull(ImageIO.read(file)) { "not a readable PNG: $file" }
        assertEquals(WIDTH, image.width)
        assertEquals(HEIGHT, image.height)
        val luminance = IntArray(image.width * image.height) { i ->
            val rgb = image.getRGB(i % image.width, i / image.width)
            (rgb shr 16 and 0xff) * 299 / 1000 + (rgb shr 8 and 0xff) * 587 / 1000 + (rgb and 0xff) * 114 / 1000
        }
        val mean = luminance.average()
        val deviation = sqrt(luminance.sumOf { (it - mean) * (it - mean) } / luminance.size)
        assertTrue(deviation > 10.0, "the PNG looks blank (luminance deviation $deviation): $file")
        assertTrue(luminance.toSet().size > 16, "too few shades for rendered text: $file")
    }

    private fun screenshotsDir(): File {
        val dir = File(System.getProperty("cunxin.screenshots.dir") ?: "target/screenshots")
        check(dir.isDirectory || dir.mkdirs()) { "cannot create $dir" }
        return dir
    }

    private companion object {
        const val WIDTH = 720
        const val HEIGHT = 440
    }
}
