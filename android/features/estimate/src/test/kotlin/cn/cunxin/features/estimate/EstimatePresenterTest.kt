package cn.cunxin.features.estimate

import cn.cunxin.api.FailureCode
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.builders.anEstimate
import cn.cunxin.test.fakes.FakeFieldStore
import cn.cunxin.test.fakes.FakeScoring
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

@OptIn(ExperimentalCoroutinesApi::class)
class EstimatePresenterTest {
    private val scoring = FakeScoring(estimate = anEstimate(limitYuan = 50_000, grade = "AA"))
    private val store = FakeFieldStore(scoring).apply { add(aHousehold("H001")) }
    private var left = 0

    private fun TestScope.presenter(): EstimatePresenter {
        val d = StandardTestDispatcher(testScheduler)
        return EstimatePresenter("H001", store.visits, PassphraseCheck.of("村信测试口令2026".toCharArray()), { left++ }, backgroundScope, CoroutineDispatchers(d, d, d))
            .also { runCurrent() }
    }

    @Test
    fun `the estimate of this household is shown and recorded as shown`() = runTest {
        store.visits.saveDraft("H001", mapOf("applicant_age" to FactValue.Integer(45)))
        val p = presenter()
        assertEquals(50_000L, p.state.value.estimate?.limitYuan)
        assertEquals(listOf("H001"), scoring.estimatesShown)
        assertTrue("estimate_shown:H001" in store.world.auditTrail)
    }

    @Test
    fun `leaving needs the grid manager's passphrase, a wrong one keeps the resident's screen`() = runTest {
        val p = presenter()
        p.onEvent(EstimateEvent.AskToLeave)
        assertTrue(p.state.value.leaving)
        assertEquals(0, left)
        p.onEvent(EstimateEvent.PassphraseChanged("1234"))
        p.onEvent(EstimateEvent.ConfirmLeave)
        runCurrent()
        assertTrue(p.state.value.wrongPassphrase)
        assertEquals(0, left)
        p.onEvent(EstimateEvent.PassphraseChanged("村信测试口令2026"))
        p.onEvent(EstimateEvent.ConfirmLeave)
        runCurrent()
        assertEquals(1, left)
    }

    @Test
    fun `an unknown household shows the failure and can be left without a passphrase`() = runTest {
        val d = StandardTestDispatcher(testScheduler)
        val p = EstimatePresenter("H404", store.visits, PassphraseCheck.of("x".toCharArray()), { left++ }, backgroundScope, CoroutineDispatchers(d, d, d))
        runCurrent()
        assertEquals(FailureCode.NOT_FOUND, p.state.value.failure?.code)
        p.onEvent(EstimateEvent.AskToLeave)
        assertEquals(1, left)
    }
}
