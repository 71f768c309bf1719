package cn.cunxin.features.facts

import cn.cunxin.api.scoring.FactValue
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.fakes.FakeFieldStore
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

@OptIn(ExperimentalCoroutinesApi::class)
class FactsPresenterTest {
    private val store = FakeFieldStore().apply { add(aHousehold("H001")) }

    private fun TestScope.presenter(): FactsPresenter {
        val d = StandardTestDispatcher(testScheduler)
        return FactsPresenter("H001", store.visits, backgroundScope, CoroutineDispatchers(d, d, d)).also { runCurrent() }
    }

    @Test
    fun `the form comes from the scorecard, with every required fact still needed`() = runTest {
        val p = presenter()
        val state = p.state.value
        assertEquals(store.visits.form().fields.map { it.id }, state.form!!.fields.map { it.id })
        assertEquals(listOf("基本条件", "家庭情况", "收入与资产", "信用与其他"), state.sections.map { it.zh })
        assertEquals(store.visits.form().fields.count { it.required }, state.progress!!.missingFacts.size)
    }

    @Test
    fun `every keystroke is saved as the draft, in order, and the progress follows`() = runTest {
        val p = presenter()
        "45".forEachIndexed { i, _ -> p.onEvent(FactsEvent.Typed("applicant_age", "45".take(i + 1))) }
        p.onEvent(FactsEvent.Chosen("education", FactValue.Choice("college")))
        runCurrent()
        assertEquals(mapOf("applicant_age" to FactValue.Integer(45), "education" to FactValue.Choice("college")), store.visits.facts("H001"))
        val state = p.state.value
        assertFalse(state.saving)
        assertTrue("applicant_age" !in state.progress!!.missingFacts)
        assertTrue(state.savedRevision!! >= 1)
    }

    @Test
    fun `a wrong value is told as it is typed, and text that is not a number is not saved`() = runTest {
        val p = presenter()
        p.onEvent(FactsEvent.Typed("applicant_age", "65"))
        runCurrent()
        assertInstanceOf(FieldError.Invalid::class.java, p.state.value.fieldErrors["applicant_age"])
        p.onEvent(FactsEvent.Typed("household_net_income_yuan", "8万"))
        runCurrent()
        assertEquals(FieldError.NotANumber, p.state.value.fieldErrors["household_net_income_yuan"])
        assertEquals("8万", p.state.value.typed["household_net_income_yuan"])
        assertTrue("household_net_income_yuan" !in store.visits.facts("H001"))
        p.onEvent(FactsEvent.Typed("applicant_age", "40"))
        runCurrent()
        assertTrue("applicant_age" !in p.state.value.fieldErrors)
    }

    @Test
    fun `opening the form again, as after a killed app, shows every saved fact`() = runTest {
        presenter().apply {
            onEvent(FactsEvent.Typed("household_size", "4"))
            onEvent(FactsEvent.Chosen("insured", FactValue.Bool(true)))
        }
        runCurrent()
        val again = presenter().state.value
        assertEquals("4", again.typed["household_size"])
        assertEquals(FactValue.Bool(true), again.values["insured"])
    }
}
