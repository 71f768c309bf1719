package cn.cunxin.designsystem

import androidx.compose.runtime.Composable
import androidx.compose.runtime.ReadOnlyComposable
import androidx.compose.runtime.staticCompositionLocalOf
import cn.cunxin.api.scoring.Label

/** Chinese first; English for the bank's engineers and reviewers. */
enum class Language {
    ZH,
    EN,
    ;

    val strings: Strings get() = if (this == ZH) Strings.ZH else Strings.EN
}

val LocalStrings = staticCompositionLocalOf { Strings.ZH }

/** The words of the language in force. */
val strings: Strings
    @Composable @ReadOnlyComposable
    get() = LocalStrings.current

/** The core's two-language labels (facts, sections, scorecard items) in the language in force. */
fun Label.text(s: Strings): String = if (s.language == Language.ZH) zh else en
