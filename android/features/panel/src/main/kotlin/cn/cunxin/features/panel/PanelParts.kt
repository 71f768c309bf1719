package cn.cunxin.features.panel

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.heightIn
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import cn.cunxin.api.CunxinFailure
import cn.cunxin.designsystem.MessageBanner
import cn.cunxin.designsystem.MinTouch
import cn.cunxin.designsystem.Strings
import cn.cunxin.designsystem.strings

/** Choices as chips that wrap onto the next line on a narrow screen. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
internal fun <T> Choices(options: List<T>, chosen: T?, label: (T) -> String, enabled: Boolean = true, onChoose: (T) -> Unit) {
    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
        options.forEach { o -> FilterChip(o == chosen, { onChoose(o) }, { Text(label(o)) }, Modifier.heightIn(min = MinTouch), enabled = enabled) }
    }
}

/** The sentence for a problem the screen found itself, before or instead of the core. */
internal fun Strings.sentence(problem: PanelProblem): String = when (problem) {
    PanelProblem.SEAT_NEEDED -> seatNeeded
    PanelProblem.ALREADY_RATED_ALL -> alreadyRatedAll
    PanelProblem.LIMIT_NEEDED -> limitNeeded
    PanelProblem.INTEGRITY_NEEDED -> integrityNeeded
    PanelProblem.NOT_WHOLE_YUAN -> wholeYuan
    PanelProblem.RESULT_BEFORE_RATING -> resultBeforeRating
    PanelProblem.PASSPHRASE_WRONG -> passphraseWrong
    PanelProblem.REASON_NEEDED -> reasonNeeded
}

/** A refusal in the screen's language only: the core's English detail stays out of the panel's sight. */
@Composable
internal fun Refusal(text: String) =
    MessageBanner(text, background = MaterialTheme.colorScheme.errorContainer, foreground = MaterialTheme.colorScheme.onErrorContainer)

@Composable
internal fun Refusal(failure: CunxinFailure) = Refusal(strings.failure(failure.code, failure.retryAfterSeconds))
