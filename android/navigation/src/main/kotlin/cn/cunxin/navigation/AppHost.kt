package cn.cunxin.navigation

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Modifier
import androidx.compose.ui.input.pointer.PointerEventPass
import androidx.compose.ui.input.pointer.pointerInput
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.unit.Density
import cn.cunxin.designsystem.CunxinTheme
import cn.cunxin.designsystem.Language
import cn.cunxin.designsystem.LocalImageDecoder
import cn.cunxin.designsystem.ScreenFrame
import cn.cunxin.designsystem.strings
import cn.cunxin.features.unlock.UnlockPresenter
import cn.cunxin.features.unlock.UnlockView
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch

/**
 * The whole app in one composable, the same on the desktop and on Android: the destination on top
 * of the session's back stack with its presenter, in the theme and the chosen text size, with the
 * idle lock. The host gives the window (desktop) or the activity (Android) around it.
 */
@Composable
fun CunxinApp(session: AppSession, language: Language, onLanguage: (Language) -> Unit) {
    val entries by session.backStack.entries.collectAsState()
    val top = entries.last()
    LaunchedEffect(session) {
        while (true) {
            delay(10_000)
            if (session.store != null && System.currentTimeMillis() - session.lastInput > session.idleLockMillis) session.lock()
        }
    }
    val textSize by session.textSize.collectAsState()
    val density = LocalDensity.current
    CompositionLocalProvider(LocalImageDecoder provides session.imageDecoder) {
        CunxinTheme(language) {
            CompositionLocalProvider(LocalDensity provides Density(density.density, textSize.fontScale)) {
                // Any touch or click counts as activity for the idle lock.
                Box(Modifier.fillMaxSize().pointerInput(session) {
                    awaitPointerEventScope {
                        while (true) {
                            awaitPointerEvent(PointerEventPass.Initial)
                            session.lastInput = System.currentTimeMillis()
                        }
                    }
                }) {
                    CurrentDestination(session, top, language, onLanguage)
                }
            }
        }
    }
}

/** One presenter per destination, made when it is shown and dropped with it. */
@Composable
private fun CurrentDestination(session: AppSession, top: Destination, language: Language, onLanguage: (Language) -> Unit) {
    val scope = rememberCoroutineScope()
    when (top) {
        Destination.Unlock -> Frame(session, null, language, onLanguage) {
            val presenter = remember(session) {
                UnlockPresenter(session.cunxin.stores, session.storeDir, { store, check -> scope.launch { session.unlocked(store, check) } }, scope, session.dispatchers)
            }
            val state by presenter.state.collectAsState()
            UnlockView(state, presenter)
        }
        Destination.WorkList -> WorkList(session, language, onLanguage)
        is Destination.Visit -> Visit(session, top, language, onLanguage)
        Destination.HandOver -> HandOver(session, language, onLanguage)
        Destination.VillageDashboard -> VillageDashboard(session, language, onLanguage)
        Destination.PublicNotice -> PublicNotice(session, language, onLanguage)
        Destination.ReviewPanel -> ReviewPanel(session, language, onLanguage)
        Destination.Settings -> SettingsScreen(session, language, onLanguage)
    }
}

@Composable
internal fun Frame(
    session: AppSession, onBack: (() -> Unit)?, language: Language, onLanguage: (Language) -> Unit, title: String? = null,
    extra: @Composable () -> Unit = {}, content: @Composable () -> Unit,
) {
    ScreenFrame(title ?: strings.appName, onBack, actions = {
        extra()
        TextButton({ onLanguage(if (language == Language.ZH) Language.EN else Language.ZH) }) {
            Text(strings.otherLanguage, color = MaterialTheme.colorScheme.onPrimary)
        }
        if (session.store != null) {
            TextButton({ session.lock() }) { Text(strings.lock, color = MaterialTheme.colorScheme.onPrimary) }
        }
    }) { content() }
}
