package cn.cunxin.features.worklist

import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.builders.aRosterCsv
import cn.cunxin.test.builders.manyHouseholds
import cn.cunxin.test.fakes.FakeFieldStore
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

@OptIn(ExperimentalCoroutinesApi::class)
class WorkListPresenterTest {
    private val store = FakeFieldStore()
    private val online = MutableStateFlow(false)
    private val opened = mutableListOf<String>()
    private var rosterToPick: String? = null

    @TempDir
    lateinit var dir: File

    private fun TestScope.presenter(): WorkListPresenter {
        val d = StandardTestDispatcher(testScheduler)
        return WorkListPresenter(store.households, store.batches, online, { rosterToPick }, { opened += it }, backgroundScope, CoroutineDispatchers(d, d, d))
            .also { runCurrent() }
    }

    @Test
    fun `the list shows every household, counts per group, and the offline indicator follows the network`() = runTest {
        manyHouseholds(5_000).forEach { store.add(it) }
        val p = presenter()
        val state = p.state.value
        assertEquals(5_000, state.hits.size)
        assertEquals(5_000, state.counts.values.sum())
        assertEquals(listOf("王庄村", "李家寨", "河西社区").sorted(), state.villages.sorted())
        assertEquals(625, state.counts[HouseholdState.FINALIZED])
        assertEquals(625 * 2, state.waitingUpload, "finalized and sealed households wait for upload")
        assertEquals(false, state.online)
        online.value = true
        runCurrent()
        assertTrue(p.state.value.online)
    }

    @Test
    fun `search as you type finds by pinyin initials and ID tail, and filters narrow it`() = runTest {
        store.add(aHousehold("H001"))
        store.add(aHousehold("H002", group = "二组", members = listOf(Triple("单乐", "410303199003071238", "户主"))))
        val p = presenter()
        "wcm".forEachIndexed { i, _ -> p.onEvent(WorkListEvent.QueryChanged("wcm".take(i + 1))) }
        runCurrent()
        assertEquals(listOf("H001"), p.state.value.hits.map { it.household.id })
        p.onEvent(WorkListEvent.QueryChanged("1238"))
        runCurrent()
        assertEquals(listOf("H002"), p.state.value.hits.map { it.household.id })
        p.onEvent(WorkListEvent.QueryChanged(""))
        p.onEvent(WorkListEvent.VillageChosen("王庄村"))
        p.onEvent(WorkListEvent.GroupChosen("二组"))
        runCurrent()
        assertEquals(listOf("H002"), p.state.value.hits.map { it.household.id })
        p.onEvent(WorkListEvent.GroupChosen(null))
        p.onEvent(WorkListEvent.StateChosen(HouseholdState.IN_PROGRESS))
        runCurrent()
        assertEquals(emptyList<String>(), p.state.value.hits.map { it.household.id })
    }

    @Test
    fun `continue where I left off opens the household last edited`() = runTest {
        store.add(aHousehold("H001"))
        store.add(aHousehold("H002"))
        store.households.verify("H002", 0, RosterFieldName.NAME)
        val p = presenter()
        assertEquals("H002", p.state.value.lastEdited)
        p.onEvent(WorkListEvent.ContinueLast)
        assertEquals(listOf("H002"), opened)
        assertEquals("H002", p.state.value.selected)
    }

    @Test
    fun `a roster import shows its problem report row by row, and the list refreshes`() = runTest {
        val roster = File(dir, "roster.csv").apply {
            writeText(aRosterCsv(listOf("H001", "410303197003071239", "王长明", "户主"), listOf("H002", "", "李建国", "户主")))
        }
        val p = presenter()
        assertTrue(p.state.value.empty)
        rosterToPick = null
        p.onEvent(WorkListEvent.PickRoster)
        runCurrent()
        assertEquals(null, p.state.value.imported, "a cancelled chooser imports nothing")
        rosterToPick = roster.path
        p.onEvent(WorkListEvent.PickRoster)
        runCurrent()
        val imported = checkNotNull(p.state.value.imported)
        assertEquals(1, imported.inserted)
        assertEquals(listOf(2), imported.report.errors.map { it.row })
        assertEquals(listOf("H001"), p.state.value.hits.map { it.household.id })
        p.onEvent(WorkListEvent.DismissImport)
        assertEquals(null, p.state.value.imported)
    }
}
