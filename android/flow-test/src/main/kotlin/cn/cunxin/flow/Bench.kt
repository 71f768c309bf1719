package cn.cunxin.flow

import cn.cunxin.sampleday.await
import cn.cunxin.sampleday.presenterScope
import cn.cunxin.sampleday.realDispatchers
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.store.FieldStore
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.features.photos.Camera
import cn.cunxin.features.photos.PhotosEvent
import cn.cunxin.features.photos.PhotosPresenter
import cn.cunxin.features.photos.Slot
import cn.cunxin.features.unlock.UnlockEvent
import cn.cunxin.features.unlock.UnlockPresenter
import cn.cunxin.features.unlock.UnlockState
import cn.cunxin.features.worklist.WorkListEvent
import cn.cunxin.features.worklist.WorkListPresenter
import cn.cunxin.impl.CoreCunxin
import cn.cunxin.test.builders.aCameraJpeg
import cn.cunxin.test.builders.validId
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.runBlocking
import java.io.File
import java.nio.file.Files

/**
 * The screens on the real core with 5,000 households, timed as the grid manager feels them:
 * unlock → a usable work list (≤ 1 s), search per keystroke (≤ 50 ms), capture → thumbnail
 * (≤ 300 ms). Prints each figure beside its target; a benchmark, not a test.
 */
fun main(): Unit = runBlocking {
    val cunxin = CoreCunxin()
    val dir = Files.createTempDirectory("cunxin-bench").toFile()
    val storeDir = File(dir, "store").path
    val passphrase = "村信测试口令2026"
    val roster = File(dir, "roster.csv").apply { writeText(bigRoster(5_000)) }

    cunxin.stores.createWithPassphrase(storeDir, passphrase.toCharArray()).use { store ->
        store.signIn("网格员王五")
        store.households.importRoster(roster.path)
    }

    val rows = mutableListOf<Triple<String, Double, Double>>()

    // Unlock → usable list: from Submit to the list showing every household.
    val opened = CompletableDeferred<Pair<FieldStore, PassphraseCheck>>()
    val scope = presenterScope()
    val unlock = UnlockPresenter(cunxin.stores, storeDir, { s, c -> opened.complete(s to c) }, scope, realDispatchers)
    unlock.await { it.mode == UnlockState.Mode.UNLOCK }
    unlock.onEvent(UnlockEvent.PassphraseChanged(passphrase))
    val started = System.nanoTime()
    unlock.onEvent(UnlockEvent.Submit)
    val store = opened.await().first
    val list = WorkListPresenter(store.households, store.batches, MutableStateFlow(false), { null }, {}, scope, realDispatchers)
    list.await { !it.loading && it.hits.size == 5_000 }
    rows += Triple("unlock → usable work list (5,000 households)", (System.nanoTime() - started) / 1e6, 1000.0)

    // Search as you type: each keystroke until its answer is on screen.
    val keystrokes = listOf("w", "wc", "wcm", "1", "12", "123", "1234", "H0", "H00", "H001")
    val perKey = keystrokes.map { q ->
        val t = System.nanoTime()
        list.onEvent(WorkListEvent.QueryChanged(q))
        list.await { it.hitsQuery == q }
        (System.nanoTime() - t) / 1e6
    }
    rows += Triple("search per keystroke, median of ${perKey.size}", perKey.sorted()[perKey.size / 2], 50.0)
    rows += Triple("search per keystroke, slowest", perKey.max(), 50.0)

    // Capture → thumbnail, a 4000×3000 camera photo.
    val household = store.households.list().first().id
    var n = 0
    val camera = Camera { _, _ -> File(dir, "camera-${n++}.jpg").apply { writeBytes(aCameraJpeg(n, width = 4000, height = 3000)) }.path }
    val photos = PhotosPresenter(household, store.photos, camera, "网格员王五", scope, realDispatchers)
    photos.await { !it.loading }
    val captures = (0 until 5).map { i ->
        val kind = listOf(PhotoKind.HOUSE, PhotoKind.OTHER, PhotoKind.PROPERTY_CERTIFICATE, PhotoKind.LAND_CERTIFICATE, PhotoKind.BUSINESS_LICENSE)[i]
        photos.onEvent(PhotosEvent.Capture(Slot(kind, null)))
        photos.await { s -> s.capturing == null && s.photoFor(Slot(kind, null))?.let { it.id in s.thumbnails } == true }
        photos.lastCaptureToThumbnailMillis!!.toDouble()
    }
    rows += Triple("capture → thumbnail (4000×3000), median of 5", captures.sorted()[2], 300.0)

    println("%-52s %10s %10s %8s".format("what", "measured", "target", "ratio"))
    rows.forEach { (what, ms, target) -> println("%-52s %8.1f ms %7.0f ms %7.2f×".format(what, ms, target, ms / target)) }
    scope.cancel()
    store.close()
    dir.deleteRecursively()
}

/** [households] one-person households over three villages, names built so initials repeat as in a real village. */
fun bigRoster(households: Int): String = buildString {
    appendLine("乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息")
    val surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
    val given = "长建国秀英志强丽华明红梅军伟芳敏静磊洋勇艳杰涛"
    val villages = listOf("王庄村", "李家寨", "河西社区")
    for (n in 1..households) {
        val id = validId("4103031980%02d%02d%03d".format(1 + n % 12, 1 + n % 28, n % 1000))
        val name = "${surnames[n % surnames.length]}${given[(n / 7) % given.length]}${given[(n / 3) % given.length]}"
        appendLine("城关镇,${villages[n % 3]},${1 + n % 6}组,$id,$name,,H%05d,${villages[n % 3]}${n}号,138%08d,,户主,汉,,".format(n, n))
    }
}
