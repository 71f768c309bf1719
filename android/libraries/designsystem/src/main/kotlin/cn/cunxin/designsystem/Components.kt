package cn.cunxin.designsystem

import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.RowScope
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.households.HouseholdState

/** Touch targets are at least 48 dp every way (gloves, a moving car, older hands). */
val MinTouch = 48.dp

@Composable
fun PrimaryButton(text: String, onClick: () -> Unit, modifier: Modifier = Modifier, enabled: Boolean = true) {
    Button(onClick, modifier.heightIn(min = MinTouch).widthIn(min = 96.dp), enabled = enabled, contentPadding = PaddingValues(horizontal = 20.dp, vertical = 10.dp)) {
        Text(text, style = MaterialTheme.typography.labelLarge)
    }
}

@Composable
fun SecondaryButton(text: String, onClick: () -> Unit, modifier: Modifier = Modifier, enabled: Boolean = true) {
    OutlinedButton(onClick, modifier.heightIn(min = MinTouch).widthIn(min = 96.dp), enabled = enabled, contentPadding = PaddingValues(horizontal = 20.dp, vertical = 10.dp)) {
        Text(text, style = MaterialTheme.typography.labelLarge)
    }
}

@Composable
fun QuietButton(text: String, onClick: () -> Unit, modifier: Modifier = Modifier, enabled: Boolean = true) {
    TextButton(onClick, modifier.heightIn(min = MinTouch), enabled = enabled) {
        Text(text, style = MaterialTheme.typography.labelLarge)
    }
}

/**
 * Every screen's frame: a title bar with Back (never losing data: edits are already saved),
 * optional actions on the right, and the content below.
 */
@Composable
fun ScreenFrame(
    title: String,
    onBack: (() -> Unit)?,
    modifier: Modifier = Modifier,
    actions: @Composable RowScope.() -> Unit = {},
    content: @Composable ColumnScope.() -> Unit,
) {
    Surface(modifier.fillMaxSize(), color = MaterialTheme.colorScheme.surface) {
        Column(Modifier.fillMaxSize()) {
            Row(
                Modifier.fillMaxWidth().background(MaterialTheme.colorScheme.primary).heightIn(min = 64.dp).padding(horizontal = 8.dp),
                verticalAlignment = Alignment.CenterVertically,
                horizontalArrangement = Arrangement.spacedBy(8.dp),
            ) {
                if (onBack != null) {
                    TextButton(onBack, Modifier.heightIn(min = MinTouch)) {
                        Text("‹ " + strings.back, color = MaterialTheme.colorScheme.onPrimary, style = MaterialTheme.typography.labelLarge)
                    }
                } else {
                    Box(Modifier.padding(start = 8.dp))
                }
                Text(
                    title,
                    Modifier.weight(1f).semantics { heading() },
                    color = MaterialTheme.colorScheme.onPrimary,
                    style = MaterialTheme.typography.titleLarge,
                    maxLines = 1,
                    overflow = TextOverflow.Ellipsis,
                )
                actions()
            }
            Column(Modifier.fillMaxSize(), content = content)
        }
    }
}

/** A coloured pill for a household's state; colours pair with dark text (≥ 4.5:1). */
@Composable
fun StateChip(state: HouseholdState, modifier: Modifier = Modifier) {
    val (background, foreground) = when (state) {
        HouseholdState.FINALIZED, HouseholdState.SEALED, HouseholdState.UPLOADED, HouseholdState.PURGED -> CunxinColors.SuccessContainer to CunxinColors.Success
        HouseholdState.IN_PROGRESS, HouseholdState.REVIEWED -> CunxinColors.PrimaryContainer to CunxinColors.OnPrimaryContainer
        HouseholdState.NOT_HOME -> CunxinColors.WarningContainer to CunxinColors.Warning
        HouseholdState.DECLINED, HouseholdState.INELIGIBLE -> CunxinColors.ErrorContainer to CunxinColors.OnErrorContainer
        HouseholdState.IMPORTED -> CunxinColors.SurfaceVariant to CunxinColors.OnSurfaceVariant
    }
    Pill(strings.state(state), background, foreground, modifier)
}

@Composable
fun Pill(text: String, background: Color, foreground: Color, modifier: Modifier = Modifier) {
    Text(
        text,
        modifier.background(background, RoundedCornerShape(50)).padding(horizontal = 10.dp, vertical = 3.dp),
        color = foreground,
        style = MaterialTheme.typography.labelMedium,
        maxLines = 1,
    )
}

/** A failure in words: the code's sentence, and the core's detail below it for the branch. */
@Composable
fun FailureBanner(failure: CunxinFailure, modifier: Modifier = Modifier, onRetry: (() -> Unit)? = null) {
    Surface(modifier.fillMaxWidth(), color = MaterialTheme.colorScheme.errorContainer, shape = RoundedCornerShape(8.dp)) {
        Row(Modifier.padding(16.dp), verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(12.dp)) {
            Column(Modifier.weight(1f), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(strings.failure(failure.code, failure.retryAfterSeconds), color = MaterialTheme.colorScheme.onErrorContainer, style = MaterialTheme.typography.bodyLarge)
                Text(strings.details(failure.detail), color = MaterialTheme.colorScheme.onErrorContainer, style = MaterialTheme.typography.bodyMedium)
            }
            if (onRetry != null) SecondaryButton(strings.retry, onRetry)
        }
    }
}

@Composable
fun MessageBanner(text: String, modifier: Modifier = Modifier, background: Color = CunxinColors.SuccessContainer, foreground: Color = CunxinColors.Success) {
    Text(text, modifier.fillMaxWidth().background(background, RoundedCornerShape(8.dp)).padding(16.dp), color = foreground, style = MaterialTheme.typography.bodyLarge)
}

@Composable
fun LoadingPane(modifier: Modifier = Modifier, text: String = strings.loading) {
    Column(modifier.fillMaxSize(), verticalArrangement = Arrangement.Center, horizontalAlignment = Alignment.CenterHorizontally) {
        CircularProgressIndicator(progress = { 0.3f })
        Text(text, Modifier.padding(top = 16.dp), style = MaterialTheme.typography.bodyLarge)
    }
}

@Composable
fun SectionTitle(text: String, modifier: Modifier = Modifier) {
    Text(text, modifier.padding(top = 8.dp, bottom = 4.dp).semantics { heading() }, style = MaterialTheme.typography.titleMedium, color = MaterialTheme.colorScheme.primary)
}

/** A tablet shows two panes side by side from this width; a phone shows one at a time. */
val TwoPaneMinWidth = 840.dp
