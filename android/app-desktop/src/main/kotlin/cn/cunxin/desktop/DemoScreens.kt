package cn.cunxin.desktop

import androidx.compose.runtime.Composable
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.Language
import cn.cunxin.designsystem.ScreenFrame
import cn.cunxin.designsystem.strings
import cn.cunxin.features.consents.ConsentsState
import cn.cunxin.features.consents.ConsentsView
import cn.cunxin.features.estimate.EstimateState
import cn.cunxin.features.estimate.EstimateView
import cn.cunxin.features.facts.FactsState
import cn.cunxin.features.facts.FactsView
import cn.cunxin.features.finalize.FinalizeState
import cn.cunxin.features.finalize.FinalizeView
import cn.cunxin.features.handover.HandOverState
import cn.cunxin.features.handover.HandOverView
import cn.cunxin.features.household.HouseholdScreenState
import cn.cunxin.features.household.HouseholdView
import cn.cunxin.features.panel.PanelState
import cn.cunxin.features.panel.PanelView
import cn.cunxin.features.panel.SettingsState
import cn.cunxin.features.panel.SettingsView
import cn.cunxin.features.photos.PhotosState
import cn.cunxin.features.photos.PhotosView
import cn.cunxin.features.unlock.UnlockState
import cn.cunxin.features.unlock.UnlockView
import cn.cunxin.features.village.DashboardState
import cn.cunxin.features.village.DashboardView
import cn.cunxin.features.village.NoticeState
import cn.cunxin.features.village.NoticeView
import cn.cunxin.features.worklist.WorkListState
import cn.cunxin.features.worklist.WorkListView
import cn.cunxin.sampleday.Bank
import cn.cunxin.sampleday.BankEndpoint
import cn.cunxin.sampleday.Door
import cn.cunxin.sampleday.FieldDay
import cn.cunxin.sampleday.SampleVillage
import cn.cunxin.sampleday.Screen
import cn.cunxin.sampleday.ScreenShooter
import cn.cunxin.sampleday.Shot
import cn.cunxin.screenshots.Device
import cn.cunxin.screenshots.Screenshots
import cn.cunxin.test.platform.JdkHttpClient
import cn.cunxin.test.platform.ReferencePlatform
import kotlinx.coroutines.runBlocking
import java.io.File
import java.nio.file.Files
import kotlin.system.exitProcess

/**
 * The demo's screens without a display: `DemoScreens --sample DIR --out DIR [--doors N] [--work DIR]` runs
 * one grid manager's day on the generated sample village (`cunxin sample village DIR`) through
 * the presenters, over the real core and the reference platform (the `cunxin-platform` binary
 * named by -Dcunxin.platform.bin, on loopback), and writes a numbered PNG of each screen on the
 * way into --out: zh-CN, tablet size (1280×800). Of the many doors, it draws every screen of the
 * first visited household and the first of every other moment (not home, declined, a flagged
 * photo kept, a photo like another household's …); the branch's screens are all drawn.
 * --doors N visits only the script's first N doors (a shorter day; 70 reach every planted problem).
 */
fun main(args: Array<String>) {
    System.setProperty("java.awt.headless", "true")
    val options = args.toList()
    fun value(name: String) = options.indexOf(name).takeIf { it >= 0 }?.let { options.getOrNull(it + 1) }
    val sampleDir = value("--sample")?.let(::File)
    val out = value("--out")?.let(::File)
    if (sampleDir == null || out == null) {
        System.err.println("usage: DemoScreens --sample DIR --out DIR [--doors N] [--work DIR]   (DIR from `cunxin sample village DIR`; -Dcunxin.platform.bin=PATH)")
        exitProcess(2)
    }
    val given = value("--work")?.let(::File)?.apply { mkdirs() }
    // The store, the camera's copies and the bank's keys: gone at the end unless the caller keeps them in --work.
    val work = given ?: Files.createTempDirectory("cunxin-demo-").toFile()
    val doors = value("--doors")?.toIntOrNull()
    val sample = SampleVillage.read(sampleDir).let { whole -> doors?.let(whole::firstDoors) ?: whole }
    val shooter = PngShooter(out.apply { mkdirs() })
    val started = System.nanoTime()
    var platform: ReferencePlatform? = null
    val exit = try {
        runBlocking {
            val bank = Bank { devicePublicKey ->
                val bankSide = ReferencePlatform.start(File(work, "bank"), devicePublicKey).also { platform = it }
                BankEndpoint(bankSide.endpoint, bankSide.publicKey, bankSide.bankRecipient, JdkHttpClient())
            }
            val day = FieldDay(realCunxin(), File(work, "store"), sample, bank, DEMO_PASSPHRASE, File(work, "day"), shooter).run()
            val last = day.batches.firstOrNull()
            println(
                "村信 demo: ${sample.households.size} households, ${shooter.written} screens in $out, " +
                    "${last?.households ?: 0} households sealed, ${last?.returned?.size ?: 0} returned by the bank, " +
                    "${(System.nanoTime() - started) / 1_000_000_000} s (ms: ${day.millis})",
            )
        }
        0
    } catch (e: Exception) {
        // The exception's message: the core's and the day's sentences are masked.
        System.err.println("the demo stopped: ${e.message}")
        1
    } finally {
        platform?.stop()
        if (given == null) work.deleteRecursively()
    }
    exitProcess(exit)
}

private const val DEMO_PASSPHRASE = "村信演示口令2026"

/** Draws each shot the demo keeps into a numbered PNG (001-work_list-import.png …). */
private class PngShooter(private val out: File) : ScreenShooter {
    private val drawn = mutableSetOf<Pair<Screen, String>>()
    private var firstVisited: String? = null
    var written = 0
        private set

    override fun shoot(shot: Shot) {
        val household = shot.household
        if (household != null && household.door == Door.VISIT && firstVisited == null) firstVisited = household.id
        val keep = household == null || household.id == firstVisited || drawn.add(shot.screen to shot.moment)
        if (!keep) return
        drawn += shot.screen to shot.moment
        val png = Screenshots.render(Device.TABLET, Language.ZH) { Framed(shot) }
        val name = "%03d-%s-%s.png".format(++written, shot.screen.name.lowercase(), shot.moment.replace(Regex("[^\\p{L}\\p{N}_-]"), "_"))
        File(out, name).writeBytes(png)
    }
}

private val NoEvents = EventSink<Any> { }

/** The screen in the app's frame, with its title as the app shows it. */
@Composable
private fun Framed(shot: Shot) {
    val s = strings
    val id = shot.household?.id
    val title = when (shot.screen) {
        Screen.UNLOCK -> s.appName
        Screen.SETTINGS -> s.settings
        Screen.WORK_LIST -> s.workList
        Screen.HOUSEHOLD -> s.householdTitle(id.orEmpty())
        Screen.FACTS -> s.facts + " · " + id
        Screen.PHOTOS -> s.photosTitle + " · " + id
        Screen.CONSENTS -> s.consents + " · " + id
        Screen.ESTIMATE -> s.estimate
        Screen.PANEL -> s.reviewPanel
        Screen.FINALIZE -> s.finalize + " · " + id
        Screen.DASHBOARD -> s.villageDashboard
        Screen.NOTICE -> s.publicNotice
        Screen.HAND_OVER -> s.handOverCentre
    }
    ScreenFrame(title, onBack = null) {
        when (val state = shot.state) {
            is UnlockState -> UnlockView(state, NoEvents)
            is SettingsState -> SettingsView(state, NoEvents)
            is WorkListState -> WorkListView(state, NoEvents)
            is HouseholdScreenState -> HouseholdView(state, NoEvents)
            is FactsState -> FactsView(state, NoEvents)
            is PhotosState -> PhotosView(state, NoEvents)
            is ConsentsState -> ConsentsView(state, NoEvents)
            is EstimateState -> EstimateView(state, NoEvents)
            is PanelState -> PanelView(state, NoEvents)
            is FinalizeState -> FinalizeView(state, NoEvents)
            is DashboardState -> DashboardView(state, NoEvents)
            is NoticeState -> NoticeView(state, NoEvents)
            is HandOverState -> HandOverView(state, NoEvents)
            else -> error("the demo has no view for ${state::class.simpleName}")
        }
    }
}
