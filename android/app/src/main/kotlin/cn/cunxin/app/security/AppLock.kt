package cn.cunxin.app.security

import androidx.lifecycle.DefaultLifecycleObserver
import androidx.lifecycle.LifecycleOwner
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlin.time.Duration

/**
 * Locks the app when it leaves the foreground (observe the process lifecycle) and after
 * [idleTimeout] without a touch; [onLock] closes the store. Leaving for the system camera is
 * announced with [leavingForResult] so the capture does not lock; the idle timeout still runs.
 */
class AppLock(
    private val scope: CoroutineScope,
    private val idleTimeout: Duration,
    private val onLock: () -> Unit,
) : DefaultLifecycleObserver {
    private val state = MutableStateFlow(true)
    val locked: StateFlow<Boolean> = state.asStateFlow()
    private var idle: Job? = null
    private var returning = false

    /** The user confirmed the credential and the store is open. */
    fun unlocked() {
        state.value = false
        touched()
    }

    /** Any interaction restarts the idle countdown. */
    fun touched() {
        if (state.value) return
        idle?.cancel()
        idle = scope.launch {
            delay(idleTimeout)
            lock()
        }
    }

    /** The next trip to the background is to another app that returns a result (the camera). */
    fun leavingForResult() {
        returning = true
    }

    fun lock() {
        idle?.cancel()
        idle = null
        returning = false
        if (!state.value) {
            state.value = true
            onLock()
        }
    }

    override fun onStart(owner: LifecycleOwner) {
        returning = false
    }

    override fun onStop(owner: LifecycleOwner) {
        if (!returning) lock()
    }
}
