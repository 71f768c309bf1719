package cn.cunxin.designsystem

import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Typography
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.text.TextStyle
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.sp

/**
 * Dark text on light surfaces for reading in sunlight: every text/background pair used here is at
 * least 4.5:1 (onSurface #1B1B1F on white is 16.9:1, primary #0B4A8F on white 9.0:1, error #A4161A
 * on white 7.6:1). Body text is 18 sp, per the MIIT elder-friendly guidance the estimate follows.
 */
object CunxinColors {
    val Primary = Color(0xFF0B4A8F)
    val OnPrimary = Color.White
    val PrimaryContainer = Color(0xFFD6E4F7)
    val OnPrimaryContainer = Color(0xFF06274D)
    val Surface = Color.White
    val OnSurface = Color(0xFF1B1B1F)
    val SurfaceVariant = Color(0xFFF0F1F5)
    val OnSurfaceVariant = Color(0xFF3F4350)
    val Outline = Color(0xFF6B6F7B)
    val Error = Color(0xFFA4161A)
    val ErrorContainer = Color(0xFFFBE3E3)
    val OnErrorContainer = Color(0xFF5C0A0C)
    val Success = Color(0xFF1E6B34)
    val SuccessContainer = Color(0xFFDDF1E2)
    val Warning = Color(0xFF7A4B00)
    val WarningContainer = Color(0xFFFFEBC7)
}

private val colors = lightColorScheme(
    primary = CunxinColors.Primary,
    onPrimary = CunxinColors.OnPrimary,
    primaryContainer = CunxinColors.PrimaryContainer,
    onPrimaryContainer = CunxinColors.OnPrimaryContainer,
    secondary = CunxinColors.Primary,
    onSecondary = CunxinColors.OnPrimary,
    secondaryContainer = CunxinColors.PrimaryContainer,
    onSecondaryContainer = CunxinColors.OnPrimaryContainer,
    background = CunxinColors.Surface,
    onBackground = CunxinColors.OnSurface,
    surface = CunxinColors.Surface,
    onSurface = CunxinColors.OnSurface,
    surfaceVariant = CunxinColors.SurfaceVariant,
    onSurfaceVariant = CunxinColors.OnSurfaceVariant,
    surfaceContainer = CunxinColors.SurfaceVariant,
    surfaceContainerHigh = CunxinColors.SurfaceVariant,
    surfaceContainerLow = CunxinColors.Surface,
    outline = CunxinColors.Outline,
    error = CunxinColors.Error,
    errorContainer = CunxinColors.ErrorContainer,
    onErrorContainer = CunxinColors.OnErrorContainer,
)

private val typography = Typography(
    displayLarge = TextStyle(fontSize = 44.sp, lineHeight = 52.sp, fontWeight = FontWeight.Bold),
    headlineMedium = TextStyle(fontSize = 28.sp, lineHeight = 36.sp, fontWeight = FontWeight.SemiBold),
    titleLarge = TextStyle(fontSize = 22.sp, lineHeight = 30.sp, fontWeight = FontWeight.SemiBold),
    titleMedium = TextStyle(fontSize = 19.sp, lineHeight = 26.sp, fontWeight = FontWeight.SemiBold),
    bodyLarge = TextStyle(fontSize = 18.sp, lineHeight = 26.sp),
    bodyMedium = TextStyle(fontSize = 16.sp, lineHeight = 22.sp),
    labelLarge = TextStyle(fontSize = 17.sp, lineHeight = 22.sp, fontWeight = FontWeight.SemiBold),
    labelMedium = TextStyle(fontSize = 14.sp, lineHeight = 18.sp, fontWeight = FontWeight.Medium),
)

/** The app's theme and words: every screen is drawn inside it. */
@Composable
fun CunxinTheme(language: Language = Language.ZH, content: @Composable () -> Unit) {
    CompositionLocalProvider(LocalStrings provides language.strings) {
        MaterialTheme(colorScheme = colors, typography = typography, content = content)
    }
}
