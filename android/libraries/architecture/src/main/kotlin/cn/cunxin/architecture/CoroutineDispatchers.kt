package cn.cunxin.architecture

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers

/**
 * Where work runs. Presenters call the core only on [io] (the core blocks on SQLCipher and files),
 * so the UI thread never waits for it; tests pass one test dispatcher for all three.
 */
data class CoroutineDispatchers(
    val io: CoroutineDispatcher,
    val computation: CoroutineDispatcher,
    val main: CoroutineDispatcher,
) {
    companion object {
        /** The app's dispatchers; [Dispatchers.Main] is Swing's on the desktop, Android's looper on a tablet. */
        fun default(): CoroutineDispatchers = CoroutineDispatchers(Dispatchers.IO, Dispatchers.Default, Dispatchers.Main)
    }
}
