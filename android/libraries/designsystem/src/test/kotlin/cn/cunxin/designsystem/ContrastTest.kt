package cn.cunxin.designsystem

import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.luminance
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Every text/background pair the screens use reads in sunlight: WCAG contrast at least 4.5:1. */
class ContrastTest {
    private fun contrast(a: Color, b: Color): Double {
        val (hi, lo) = listOf(a.luminance() + 0.05, b.luminance() + 0.05).sortedDescending()
        return hi.toDouble() / lo
    }

    @Test
    fun `text colours on their backgrounds are at least 4_5 to 1`() {
        val pairs = mapOf(
            "body on surface" to (CunxinColors.OnSurface to CunxinColors.Surface),
            "secondary text on surface" to (CunxinColors.OnSurfaceVariant to CunxinColors.Surface),
            "secondary text on variant" to (CunxinColors.OnSurfaceVariant to CunxinColors.SurfaceVariant),
            "primary on surface" to (CunxinColors.Primary to CunxinColors.Surface),
            "on primary" to (CunxinColors.OnPrimary to CunxinColors.Primary),
            "limit on its card" to (CunxinColors.OnPrimaryContainer to CunxinColors.PrimaryContainer),
            "error on surface" to (CunxinColors.Error to CunxinColors.Surface),
            "error banner" to (CunxinColors.OnErrorContainer to CunxinColors.ErrorContainer),
            "success pill" to (CunxinColors.Success to CunxinColors.SuccessContainer),
            "disclaimer" to (CunxinColors.Warning to CunxinColors.WarningContainer),
            "warning on surface" to (CunxinColors.Warning to CunxinColors.Surface),
        )
        pairs.forEach { (name, pair) ->
            val ratio = contrast(pair.first, pair.second)
            assertTrue(ratio >= 4.5, "$name is %.2f:1".format(ratio))
        }
    }
}
