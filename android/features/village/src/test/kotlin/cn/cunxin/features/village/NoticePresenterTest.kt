package cn.cunxin.features.village

import cn.cunxin.api.FailureCode
import cn.cunxin.api.settings.NoticeContact
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.features.village.VillageFixtures.AA
import cn.cunxin.features.village.VillageFixtures.AAA
import cn.cunxin.features.village.VillageFixtures.INELIGIBLE
import cn.cunxin.features.village.VillageFixtures.scored
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.time.LocalDate

@OptIn(ExperimentalCoroutinesApi::class)
class NoticePresenterTest {
    private val store = VillageFixtures.sampleVillage().apply {
        scored("H001", AAA)
        scored("H002", AA)
        scored("H005", INELIGIBLE)
    }
    private val today = LocalDate.of(2026, 12, 3)

    @TempDir
    lateinit var dir: File
    private var folder: String? = null

    private fun TestScope.presenter(): NoticePresenter {
        val d = StandardTestDispatcher(testScheduler)
        return NoticePresenter(store, { folder }, backgroundScope, CoroutineDispatchers(d, d, d), today).also { runCurrent() }
    }

    private fun TestScope.withContact(): NoticePresenter = presenter().also {
        it.onEvent(NoticeEvent.BranchChanged("城关支行"))
        it.onEvent(NoticeEvent.TelephoneChanged("0379-6321 0000"))
        it.onEvent(NoticeEvent.SaveContact)
        runCurrent()
    }

    @Test
    fun `the notice lists only the credit households, masked as the core gives them, with group, grade and limit`() = runTest {
        val notice = presenter().state.value.notice!!
        assertEquals("王庄村", notice.village)
        assertEquals(
            listOf(listOf("1组", "王*明", "410303********1233", "AAA", "100000"), listOf("2组", "李*英", "410303********1267", "AA", "50000")),
            notice.lines.map { listOf(it.group, it.nameMasked, it.idMasked, it.grade, it.limitYuan.toString()) },
        )
    }

    @Test
    fun `the period starts today for 7 days, and a shorter one is refused with nothing written`() = runTest {
        folder = dir.path
        val p = withContact()
        assertEquals(NoticePeriod(today, 7), p.state.value.period)
        assertEquals(LocalDate.of(2026, 12, 9), p.state.value.period!!.end)
        assertTrue(p.state.value.canWrite)

        p.onEvent(NoticeEvent.DaysChanged("5"))
        assertEquals(PeriodProblem.TOO_SHORT, p.state.value.periodProblem)
        assertFalse(p.state.value.canWrite)
        p.onEvent(NoticeEvent.WritePage)
        runCurrent()
        assertNull(p.state.value.writtenTo)
        assertEquals(emptyList<String>(), dir.list()!!.toList())

        p.onEvent(NoticeEvent.DaysChanged("十"))
        assertEquals(PeriodProblem.BAD_DAYS, p.state.value.periodProblem)
        p.onEvent(NoticeEvent.DaysChanged("10"))
        p.onEvent(NoticeEvent.StartChanged("12/3/2026"))
        assertEquals(PeriodProblem.BAD_START, p.state.value.periodProblem)
        p.onEvent(NoticeEvent.StartChanged("2026-12-10"))
        assertEquals(NoticePeriod(LocalDate.of(2026, 12, 10), 10), p.state.value.period)
    }

    @Test
    fun `the contact is kept in the store's settings, a blank one is refused, and a new screen finds it`() = runTest {
        val first = presenter()
        assertNull(first.state.value.contact)
        first.onEvent(NoticeEvent.BranchChanged(" "))
        first.onEvent(NoticeEvent.TelephoneChanged("0379-6321 0000"))
        first.onEvent(NoticeEvent.SaveContact)
        runCurrent()
        assertTrue(first.state.value.contactRefused)
        assertNull(store.settings.noticeContact())

        first.onEvent(NoticeEvent.BranchChanged("城关支行"))
        first.onEvent(NoticeEvent.SaveContact)
        runCurrent()
        assertTrue(first.state.value.contactJustSaved)
        assertEquals(NoticeContact("城关支行", "0379-6321 0000"), store.settings.noticeContact())

        val again = presenter().state.value
        assertEquals(NoticeContact("城关支行", "0379-6321 0000"), again.contact)
        assertEquals("城关支行" to "0379-6321 0000", again.branchText to again.telephoneText)
    }

    @Test
    fun `the page waits for the contact, is written to the chosen folder, and nothing is written when no folder is chosen`() = runTest {
        folder = dir.path
        val p = presenter()
        assertFalse(p.state.value.canWrite, "no contact yet")
        p.onEvent(NoticeEvent.WritePage)
        runCurrent()
        assertEquals(emptyList<String>(), dir.list()!!.toList())

        p.onEvent(NoticeEvent.BranchChanged("城关支行"))
        p.onEvent(NoticeEvent.TelephoneChanged("0379-63210000"))
        p.onEvent(NoticeEvent.SaveContact)
        runCurrent()
        folder = null
        p.onEvent(NoticeEvent.WritePage)
        runCurrent()
        assertNull(p.state.value.writtenTo)
        assertEquals(emptyList<String>(), dir.list()!!.toList())

        folder = dir.path
        p.onEvent(NoticeEvent.WritePage)
        runCurrent()
        val written = File(p.state.value.writtenTo!!)
        assertEquals(listOf("公示-王庄村-2026-12-03.html"), dir.list()!!.toList(), "no partial file left behind")
        val html = written.readText(Charsets.UTF_8)
        assertTrue(html.contains("王*明") && html.contains("李*英") && html.contains("2026年12月3日至2026年12月9日"), html)
        assertTrue(html.contains("城关支行") && html.contains("0379-63210000"))
    }

    @Test
    fun `a folder that cannot be written to is a storage failure in words, and the screen stays usable`() = runTest {
        folder = File(dir, "not-a-folder").apply { writeText("a file") }.path
        val p = withContact()
        p.onEvent(NoticeEvent.WritePage)
        runCurrent()
        assertEquals(FailureCode.STORAGE, p.state.value.failure?.code)
        assertFalse(p.state.value.writing)
        assertTrue(p.state.value.canWrite)
    }

    @Test
    fun `a village of many groups is posted in the groups' numbers' order, not as text sorts them`() = runTest {
        val big = VillageFixtures.madeUpVillage(40, 12, 40, listOf(AA))
        val d = StandardTestDispatcher(testScheduler)
        val p = NoticePresenter(big, { null }, backgroundScope, CoroutineDispatchers(d, d, d), today).also { runCurrent() }
        assertEquals((1..12).map { "${it}组" }, p.state.value.notice!!.lines.map { it.group }.distinct())
        assertEquals(40, p.state.value.notice!!.lines.size)
    }
}
