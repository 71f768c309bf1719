package cn.cunxin.architecture

import cn.cunxin.api.CunxinFailure
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** Where a view sends what the user did. */
fun interface EventSink<in Event> {
    fun onEvent(event: Event)
}

/**
 * One screen's logic: it turns events into calls to the core and the core's answers into one
 * immutable [State] that a stateless view draws. The view never calls the core; the presenter
 * calls it only through [core], on the I/O dispatcher, so the UI thread never blocks.
 */
abstract class Presenter<State : Any, Event : Any>(
    initial: State,
    protected val scope: CoroutineScope,
    protected val dispatchers: CoroutineDispatchers,
) : EventSink<Event> {
    private val mutableState = MutableStateFlow(initial)

    val state: StateFlow<State> = mutableState.asStateFlow()

    protected val current: State get() = mutableState.value

    protected fun setState(transform: (State) -> State) = mutableState.update(transform)

    /** Runs [block] (a call into the core) on the I/O dispatcher; a [CunxinFailure] comes back as [CoreResult.Failed]. */
    protected suspend fun <T> core(block: suspend () -> T): CoreResult<T> = withContext(dispatchers.io) {
        try {
            CoreResult.Done(block())
        } catch (failure: CunxinFailure) {
            CoreResult.Failed(failure)
        }
    }

    /** Starts work for an event on the presenter's scope. */
    protected fun launch(block: suspend CoroutineScope.() -> Unit): Job = scope.launch(block = block)
}

/** A core call's outcome: what a screen must show either way. */
sealed interface CoreResult<out T> {
    data class Done<T>(val value: T) : CoreResult<T>

    data class Failed(val failure: CunxinFailure) : CoreResult<Nothing>
}
