package cn.cunxin.architecture

import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.launch

/**
 * Saves every edit in the order it was made, one save at a time, without waiting on the UI
 * thread. Edits made while a save runs are folded into one next save (the latest value wins),
 * so typing fast never queues stale writes and the last thing typed is always what is stored.
 */
class Autosave<T>(scope: CoroutineScope, private val save: suspend (T) -> Unit) {
    private val pending = Channel<T>(Channel.CONFLATED)

    init {
        scope.launch {
            for (value in pending) save(value)
        }
    }

    fun offer(value: T) {
        pending.trySend(value)
    }
}
