package cn.cunxin.flow

import cn.cunxin.sampleday.await
import cn.cunxin.sampleday.presenterScope
import cn.cunxin.sampleday.realDispatchers
import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.photos.PhotoCapture
import cn.cunxin.api.photos.PhotoRequest
import cn.cunxin.api.settings.NoticeContact
import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.village.GroupRollUp
import cn.cunxin.api.village.Lending
import cn.cunxin.api.village.Verdict
import cn.cunxin.api.visit.MissingItem
import cn.cunxin.features.village.DashboardEvent
import cn.cunxin.features.village.DashboardPresenter
import cn.cunxin.features.village.NoticeEvent
import cn.cunxin.features.village.NoticePresenter
import cn.cunxin.impl.CoreCunxin
import cn.cunxin.test.builders.aCameraJpeg
import cn.cunxin.test.builders.aSignaturePng
import cn.cunxin.test.builders.aaLuquanFacts
import kotlinx.coroutines.cancel
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.security.SecureRandom
import java.time.LocalDate

/**
 * The branch manager's two screens through their presenters on the real core: the sample
 * village's roster imported, two households of 2组 visited and finalized with facts the real
 * luquan scorecard grades AA; the dashboard shows the core's roll-up, and the notice lists the
 * two masked and writes a printable page with no resident's full name, ID number or telephone.
 */
class CoreVillageFlowTest {
    @TempDir
    lateinit var dir: File

    private val roster = File(System.getProperty("user.dir"), "../../tests/fixtures/sample-village/roster.csv").canonicalFile

    @Test
    fun `the dashboard shows the real core's roll-up and the notice lists the credit households masked, on a page without full names or IDs`() = runBlocking {
        val key = ByteArray(32).also { SecureRandom().nextBytes(it) }
        val store = CoreCunxin().stores.create(File(dir, "store").path, key)
        val scope = presenterScope()
        try {
            store.signIn("GM0412")
            store.households.importRoster(roster.path)
            listOf("H002", "H005").forEachIndexed { n, h -> visitAndFinalize(store, h, n) }
            val states = store.households.list().associate { it.id to it.state }
            assertEquals(HouseholdState.FINALIZED to HouseholdState.FINALIZED, states["H002"] to states["H005"])
            val inVillage = store.households.list().count { it.village == "王庄村" }

            val dashboard = DashboardPresenter(store.villages, scope, realDispatchers)
            val shown = dashboard.await("the roll-up") { !it.loading && it.rollUp != null }
            assertEquals(null, shown.failure)
            val r = shown.rollUp!!
            assertEquals("王庄村", shown.village)
            assertEquals(listOf(inVillage, 2, 2, 2), listOf(r.households, r.evaluated, r.eligible, r.creditHouseholds))
            assertEquals(mapOf("AA" to 2), r.grades)
            assertEquals(listOf("AA" to 2), shown.gradeBars)
            assertEquals(100_000L, r.proposedTotalYuan)
            assertEquals(1000L to true, r.coveragePermille to r.coverageTargetMet)
            assertEquals(2000L / inVillage to Verdict.FAIL, r.creditSharePermille to r.creditVillage)
            assertEquals(Verdict.FAIL to Lending.UNKNOWN, r.creditVillageSeed002 to r.lending, "the share already fails seed 002; no NPL figure on the device")
            val second = r.byGroup.single { it.group == "2组" }
            assertEquals(GroupRollUp("2组", second.households, 2, 2), second)
            assertTrue(r.byGroup.filter { it.group != "2组" }.all { it.evaluated == 0 && it.creditHouseholds == 0 }, r.byGroup.toString())
            assertEquals(inVillage, r.byGroup.sumOf { it.households })
            dashboard.onEvent(DashboardEvent.Refresh)
            assertEquals(r, dashboard.await("the roll-up again") { !it.loading }.rollUp)

            val out = File(dir, "usb").apply { mkdirs() }
            val notice = NoticePresenter(store, { out.path }, scope, realDispatchers, LocalDate.of(2026, 12, 3))
            val listed = notice.await("the notice") { !it.loading && it.notice != null }.notice!!
            assertEquals(
                listOf(listOf("2组", "李*英", "410303********1267", "AA", "50000"), listOf("2组", "赵*生", "410303********2117", "AA", "50000")),
                listed.lines.map { listOf(it.group, it.nameMasked, it.idMasked, it.grade, it.limitYuan.toString()) },
            )
            notice.onEvent(NoticeEvent.BranchChanged("城关支行"))
            notice.onEvent(NoticeEvent.TelephoneChanged("0379-6321 0000"))
            notice.onEvent(NoticeEvent.SaveContact)
            notice.await("the contact kept") { it.contactJustSaved }
            assertEquals(NoticeContact("城关支行", "0379-6321 0000"), store.settings.noticeContact())
            notice.onEvent(NoticeEvent.WritePage)
            val page = File(notice.await("the page written") { it.writtenTo != null }.writtenTo!!)
            assertEquals(out, page.parentFile)
            val html = page.readText(Charsets.UTF_8)
            assertTrue(html.contains("李*英") && html.contains("赵*生") && html.contains("2026年12月3日至2026年12月9日"), html)

            val residents = roster.readLines(Charsets.UTF_8).drop(1).filter { it.isNotBlank() }.map { it.split(',') }
            val secrets = residents.flatMap { listOf(it[4], it[3], it[8]) }.filter { it.length >= 2 }
            assertTrue(secrets.size > 30, "names, IDs and phones of the fixture's residents: $secrets")
            assertEquals(emptyList<String>(), secrets.filter { html.contains(it) })
            assertFalse(Regex("""\d{17}[\dX]""").containsMatchIn(html))
        } finally {
            scope.cancel()
            store.close()
        }
    }

    /** A one-person household visited as in the field: facts, the estimate shown, both consents, every photo the checklist asks for, finalized. */
    private suspend fun visitAndFinalize(store: FieldStore, household: String, n: Int) {
        store.visits.saveDraft(household, aaLuquanFacts)
        store.visits.showEstimate(household)
        ConsentKind.entries.forEachIndexed { k, kind -> store.consents.sign(household, kind, "户主", "王庄村", aSignaturePng(n * 2 + k)) }
        store.visits.finalizeChecklist(household).filterIsInstance<MissingItem.Photo>().forEachIndexed { k, photo ->
            val shot = File(dir, "IMG_${n}_$k.jpg").apply { writeBytes(aCameraJpeg(20 + n * 10 + k)) }.path
            val request = PhotoRequest(photo.kind, "GM0412", "2026-11-22T10:32:05+08:00", 34.6197, 112.454, photo.member, deleteCameraFile = false)
            if (store.photos.take(household, shot, request) is PhotoCapture.Retake) store.photos.take(household, shot, request, overrideReason = "test photo")
        }
        val missing = store.visits.finalizeChecklist(household)
        assertEquals(emptyList<Any>(), missing, "$household still misses something")
        store.visits.finalize(household)
    }

}
