package cn.cunxin.features.unlock

import cn.cunxin.api.FailureCode
import cn.cunxin.api.store.FieldStore
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.test.fakes.FakeStores
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

@OptIn(ExperimentalCoroutinesApi::class)
class UnlockPresenterTest {
    private val stores = FakeStores()
    private var opened: Pair<FieldStore, PassphraseCheck>? = null

    private fun TestScope.presenter(dir: String = "/store"): UnlockPresenter {
        val d = StandardTestDispatcher(testScheduler)
        return UnlockPresenter(stores, dir, { s, c -> opened = s to c }, backgroundScope, CoroutineDispatchers(d, d, d)).also { runCurrent() }
    }

    private fun UnlockPresenter.type(text: String) {
        onEvent(UnlockEvent.PassphraseChanged(text))
        onEvent(UnlockEvent.Submit)
    }

    @Test
    fun `first use creates the store, refusing a short passphrase`() = runTest {
        val p = presenter()
        assertEquals(UnlockState.Mode.CREATE, p.state.value.mode)
        p.type("short")
        assertEquals(UnlockProblem.TooShort, p.state.value.problem)
        p.type("村信测试口令2026")
        runCurrent()
        val check = checkNotNull(opened).second
        assertTrue(check.matches("村信测试口令2026".toCharArray()))
        assertFalse(check.matches("wrong".toCharArray()))
    }

    @Test
    fun `a wrong passphrase says so and counts, then the right one opens`() = runTest {
        stores.createWithPassphrase("/store", "村信测试口令2026".toCharArray()).close()
        val p = presenter()
        assertEquals(UnlockState.Mode.UNLOCK, p.state.value.mode)
        p.type("not it at all")
        runCurrent()
        assertEquals(UnlockProblem.WrongPassphrase, p.state.value.problem)
        assertEquals(1, p.state.value.failedAttempts)
        assertEquals("", p.state.value.passphrase)
        p.type("村信测试口令2026")
        runCurrent()
        assertNotNull(opened)
    }

    @Test
    fun `after several wrong tries the next waits, counting down, and is refused meanwhile`() = runTest {
        stores.createWithPassphrase("/store", "村信测试口令2026".toCharArray()).close()
        val p = presenter()
        repeat(3) {
            p.type("wrong $it")
            runCurrent()
        }
        p.type("wrong again")
        runCurrent()
        val waiting = p.state.value.waitSeconds
        assertTrue(waiting > 0, p.state.value.toString())
        p.onEvent(UnlockEvent.PassphraseChanged("村信测试口令2026"))
        assertFalse(p.state.value.canSubmit)
        advanceTimeBy(waiting * 1000 + 1)
        assertEquals(0L, p.state.value.waitSeconds)
        stores.waitOver("/store")
        p.type("村信测试口令2026")
        runCurrent()
        assertNotNull(opened)
    }

    @Test
    fun `a damaged store and a store in use get their own screen, not a retype`() = runTest {
        stores.createWithPassphrase("/store", "村信测试口令2026".toCharArray()).close()
        stores.damaged += "/store"
        val p = presenter()
        p.type("村信测试口令2026")
        runCurrent()
        val blocking = assertInstanceOf(UnlockProblem.Blocking::class.java, p.state.value.problem)
        assertEquals(FailureCode.STORE_DAMAGED, blocking.failure.code)
        assertFalse(p.state.value.canSubmit)

        stores.damaged.clear()
        stores.inUse += "/store"
        p.onEvent(UnlockEvent.Retry)
        runCurrent()
        p.type("村信测试口令2026")
        runCurrent()
        assertEquals(FailureCode.STORE_IN_USE, assertInstanceOf(UnlockProblem.Blocking::class.java, p.state.value.problem).failure.code)
    }
}
