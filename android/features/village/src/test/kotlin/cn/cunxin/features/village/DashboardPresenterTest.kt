package cn.cunxin.features.village

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.village.Lending
import cn.cunxin.api.village.Verdict
import cn.cunxin.api.village.Villages
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.designsystem.Strings
import cn.cunxin.features.village.VillageFixtures.AA
import cn.cunxin.features.village.VillageFixtures.AAA
import cn.cunxin.features.village.VillageFixtures.CREDIT
import cn.cunxin.features.village.VillageFixtures.INELIGIBLE
import cn.cunxin.features.village.VillageFixtures.scored
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.fakes.FakeFieldStore
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

@OptIn(ExperimentalCoroutinesApi::class)
class DashboardPresenterTest {
    /** The sample village (9 households over 3 groups) and a second village with one household. */
    private val store = VillageFixtures.sampleVillage().apply {
        scored("H001", AAA)
        scored("H002", AA)
        scored("H003", AA)
        scored("H004", CREDIT)
        scored("H005", INELIGIBLE)
        add(aHousehold("H100", village = "李家寨"))
    }

    private fun TestScope.presenter(villages: Villages = store.villages, village: String? = null): DashboardPresenter {
        val d = StandardTestDispatcher(testScheduler)
        return DashboardPresenter(villages, backgroundScope, CoroutineDispatchers(d, d, d), village).also { runCurrent() }
    }

    @Test
    fun `the first village's roll-up shows its households, credit households, grades best first and each group`() = runTest {
        val state = presenter().state.value
        assertFalse(state.loading)
        assertEquals(listOf("王庄村", "李家寨"), state.villages)
        assertEquals("王庄村", state.village)
        val r = state.rollUp!!
        assertEquals(listOf(9, 5, 4, 4), listOf(r.households, r.evaluated, r.eligible, r.creditHouseholds))
        assertEquals(100_000L + 50_000 + 50_000 + 10_000, r.proposedTotalYuan)
        assertEquals(1000L to true, r.coveragePermille to r.coverageTargetMet, "every eligible household is a credit household")
        assertEquals(444L to Verdict.FAIL, r.creditSharePermille to r.creditVillage, "4 of 9 is below the 70 % a credit village needs")
        assertEquals(Verdict.FAIL to Lending.UNKNOWN, r.creditVillageSeed002 to r.lending, "seed 002 fails with the share short; no NPL figure on the device")
        assertEquals(listOf("AAA" to 1, "AA" to 2, "credit" to 1), state.gradeBars)
        assertEquals(listOf("1组", "2组", "3组"), r.byGroup.map { it.group })
        assertEquals(listOf(3, 3, 3), r.byGroup.map { it.households })
        // 1组 holds H001 (AAA) and H004 (credit); 2组 H002 (AA) and H005 (ineligible); 3组 H003 (AA).
        assertEquals(listOf(2 to 2, 2 to 1, 1 to 1), r.byGroup.map { it.evaluated to it.creditHouseholds })
    }

    @Test
    fun `choosing another village shows its roll-up, and Refresh reads what the store holds now`() = runTest {
        val p = presenter()
        p.onEvent(DashboardEvent.VillageChosen("李家寨"))
        runCurrent()
        assertEquals("李家寨" to 1, p.state.value.village to p.state.value.rollUp?.households)
        assertEquals(0, p.state.value.rollUp?.evaluated)

        store.scored("H100", AA)
        p.onEvent(DashboardEvent.Refresh)
        runCurrent()
        assertEquals(1 to 1, p.state.value.rollUp!!.let { it.evaluated to it.creditHouseholds })
        assertEquals(Verdict.PASS to Verdict.UNKNOWN, p.state.value.rollUp!!.let { it.creditVillage to it.creditVillageSeed002 }, "seed 002 then waits for the bank's loan figures")
    }

    @Test
    fun `a village no longer in the store falls back to the first, and an empty store says there is none`() = runTest {
        assertEquals("王庄村", presenter(village = "没有这个村").state.value.village)
        val empty = presenter(FakeFieldStore().villages).state.value
        assertTrue(empty.noVillages)
        assertNull(empty.rollUp)
    }

    @Test
    fun `a failing core shows the failure, and Retry loads the roll-up once it answers`() = runTest {
        var fail = true
        val flaky = object : Villages by store.villages {
            override suspend fun rollUp(village: String) =
                if (fail) throw CunxinFailure(FailureCode.STORE_DAMAGED, "the households table cannot be read") else store.villages.rollUp(village)
        }
        val p = presenter(flaky)
        assertEquals(FailureCode.STORE_DAMAGED, p.state.value.failure?.code)
        assertNull(p.state.value.rollUp)
        fail = false
        p.onEvent(DashboardEvent.Refresh)
        runCurrent()
        assertNull(p.state.value.failure)
        assertEquals(9, p.state.value.rollUp?.households)
    }

    @Test
    fun `per mille reads as a percentage with one decimal, rounded down as the core rounds`() {
        assertEquals(listOf("85.7 %", "100.0 %", "0.0 %", "70.0 %"), listOf(857L, 1000L, 0L, 700L).map { Strings.fmtPermille(it).replace('\u00A0', ' ') })
    }

    @Test
    fun `groups read in their numbers' order, in digits or in Chinese numerals`() {
        assertEquals(listOf(3, 12, 2, 10, 12, 20, 23, null), listOf("3组", "12组", "二组", "十组", "十二组", "二十组", "二十三组", "河东").map { GroupOrder.groupNumber(it) })
        val long = DashboardStateProvider.states.toMap().getValue("long")
        assertEquals((1..12).map { "${it}组" }, long.groups.map { it.group })
    }
}
