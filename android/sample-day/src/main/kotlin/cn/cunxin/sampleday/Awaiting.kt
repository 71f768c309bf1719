package cn.cunxin.sampleday

import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.Presenter
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout

/** Presenters on real threads, as in the app: the core's calls on Dispatchers.IO. */
val realDispatchers = CoroutineDispatchers(Dispatchers.IO, Dispatchers.Default, Dispatchers.Default)

fun presenterScope() = CoroutineScope(SupervisorJob() + Dispatchers.Default)

/** Waits (at most [timeoutMillis]) until the presenter's state satisfies [condition], and returns that state. */
suspend fun <S : Any> Presenter<S, *>.await(what: String = "the expected state", timeoutMillis: Long = 20_000, condition: (S) -> Boolean): S = try {
    withTimeout(timeoutMillis) { state.first(condition) }
} catch (e: TimeoutCancellationException) {
    throw AssertionError("timed out waiting for $what; the state is ${state.value}", e)
}
