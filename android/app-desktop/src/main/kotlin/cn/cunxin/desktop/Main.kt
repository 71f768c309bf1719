package cn.cunxin.desktop

import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.unit.DpSize
import androidx.compose.ui.unit.dp
import androidx.compose.ui.window.Window
import androidx.compose.ui.window.application
import androidx.compose.ui.window.rememberWindowState
import cn.cunxin.api.Cunxin
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.designsystem.Language
import cn.cunxin.designsystem.SkiaImageDecoder
import cn.cunxin.navigation.AppSession
import cn.cunxin.navigation.CunxinApp
import cn.cunxin.test.builders.manyHouseholds
import cn.cunxin.test.fakes.FakeCunxin
import cn.cunxin.test.fakes.FakeFieldStore
import cn.cunxin.test.fakes.FakeStores
import cn.cunxin.test.platform.JdkHttpClient
import java.io.File

/**
 * The field app on the desktop: `cunxin-desktop [--store DIR] [--samples DIR] [--roster FILE] [-demo]`.
 * With -demo it runs on the fakes (5,000 sample households, passphrase "cunxin-demo"),
 * otherwise on the real core through impl.
 */
fun main(args: Array<String>) {
    val options = args.toList()
    fun value(name: String) = options.indexOf(name).takeIf { it >= 0 }?.let { options.getOrNull(it + 1) }
    val home = File(System.getProperty("user.home"), ".cunxin")
    val storeDir = value("--store") ?: File(home, "store").path
    val samples = value("--samples")?.let(::File)
    val cunxin = if ("-demo" in options) demoCunxin(storeDir) else realCunxin()
    value("--roster")?.let { roster -> newStoreWithRoster(cunxin, storeDir, roster) }
    val session = AppSession(
        cunxin, storeDir, DesktopCamera(samples, File(home, "camera")),
        pickRoster = { chooseFile(samples, "*.csv;*.xlsx")?.path },
        dispatchers = CoroutineDispatchers.default(),
        imageDecoder = SkiaImageDecoder,
        http = JdkHttpClient(),
        pickFolder = ::chooseFolder,
    )
    application {
        var language by remember { mutableStateOf(Language.ZH) }
        val windowState = rememberWindowState(size = DpSize(1280.dp, 800.dp))
        // Leaving the app locks it, as on the tablet: minimizing the window closes the store.
        LaunchedEffect(windowState.isMinimized) { if (windowState.isMinimized) session.lock() }
        Window(
            onCloseRequest = { session.lock(); exitApplication() },
            title = "村信 Cunxin",
            state = windowState,
            onPreviewKeyEvent = {
                session.lastInput = System.currentTimeMillis()
                false
            },
        ) {
            CunxinApp(session, language) { language = it }
        }
    }
}

/** The passphrase of the stores the demo makes (`-demo`, `--roster`): the demo says it. */
const val DESKTOP_DEMO_PASSPHRASE = "cunxin-demo"

/**
 * `--roster FILE` (the demo's sample village): a store not made yet is created with
 * [DESKTOP_DEMO_PASSPHRASE] (its device keys with it) and the roster imported, so the app opens on
 * the village ready to visit.
 */
private fun newStoreWithRoster(cunxin: Cunxin, storeDir: String, roster: String) {
    if (File(storeDir).exists()) return
    kotlinx.coroutines.runBlocking {
        cunxin.stores.createWithPassphrase(storeDir, DESKTOP_DEMO_PASSPHRASE.toCharArray()).use { it.households.importRoster(roster) }
    }
}

/** The real core; impl is on the classpath at run time (see the pom). */
internal fun realCunxin(): Cunxin = Class.forName("cn.cunxin.impl.CoreCunxin").getDeclaredConstructor().newInstance() as Cunxin

private fun demoCunxin(storeDir: String): Cunxin {
    val stores = FakeStores(newStore = { scoring -> FakeFieldStore(scoring, passphrase = true).apply { manyHouseholds(5_000).forEach { add(it) } } })
    kotlinx.coroutines.runBlocking { stores.createWithPassphrase(storeDir, DESKTOP_DEMO_PASSPHRASE.toCharArray()).close() }
    return FakeCunxin(stores = stores)
}
