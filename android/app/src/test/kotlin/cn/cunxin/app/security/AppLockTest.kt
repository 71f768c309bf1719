package cn.cunxin.app.security

import androidx.lifecycle.Lifecycle
import androidx.lifecycle.LifecycleOwner
import androidx.lifecycle.LifecycleRegistry
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/** The lock against a process lifecycle driven as ProcessLifecycleOwner drives it. */
@OptIn(ExperimentalCoroutinesApi::class)
@RunWith(RobolectricTestRunner::class)
class AppLockTest {
    private val scope = TestScope()
    private var closes = 0
    private val lock = AppLock(scope, idleTimeout = 5.minutes, onLock = { closes++ })
    private val process = object : LifecycleOwner {
        val registry = LifecycleRegistry.createUnsafe(this)
        override val lifecycle: Lifecycle get() = registry
    }

    private fun foreground() {
        process.registry.handleLifecycleEvent(Lifecycle.Event.ON_START)
        process.registry.handleLifecycleEvent(Lifecycle.Event.ON_RESUME)
    }

    private fun background() {
        process.registry.handleLifecycleEvent(Lifecycle.Event.ON_PAUSE)
        process.registry.handleLifecycleEvent(Lifecycle.Event.ON_STOP)
    }

    @Test
    fun `leaving the foreground locks and closes the store once`() {
        process.registry.addObserver(lock)
        foreground()
        assertTrue("locked until the credential is confirmed", lock.locked.value)
        lock.unlocked()
        assertFalse(lock.locked.value)

        background()
        assertTrue(lock.locked.value)
        assertEquals(1, closes)
        foreground()
        background()
        assertEquals("an already locked app closes nothing again", 1, closes)
    }

    @Test
    fun `a trip to the camera does not lock, the next trip away does`() {
        process.registry.addObserver(lock)
        foreground()
        lock.unlocked()
        lock.leavingForResult()
        background()
        assertFalse(lock.locked.value)
        foreground()
        background()
        assertTrue(lock.locked.value)
    }

    @Test
    fun `five idle minutes lock, and a touch starts the count again`() {
        lock.unlocked()
        scope.advanceTimeBy(4.minutes)
        lock.touched()
        scope.advanceTimeBy(4.minutes)
        scope.runCurrent()
        assertFalse("a touch four minutes in resets the count", lock.locked.value)
        scope.advanceTimeBy(1.minutes + 1.seconds)
        scope.runCurrent()
        assertTrue(lock.locked.value)
        assertEquals(1, closes)
    }
}
