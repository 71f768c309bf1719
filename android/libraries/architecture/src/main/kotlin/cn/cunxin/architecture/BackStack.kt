package cn.cunxin.architecture

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update

/**
 * The app's one back stack of typed destinations. Popping never loses data because every screen
 * saves each edit when it is made; a destination that must not be left freely (the estimate shown
 * to the resident) is guarded by the host before it calls [pop].
 */
class BackStack<Destination : Any>(root: Destination) {
    private val mutableEntries = MutableStateFlow(listOf(root))

    val entries: StateFlow<List<Destination>> = mutableEntries.asStateFlow()

    val top: Destination get() = mutableEntries.value.last()

    fun push(destination: Destination) = mutableEntries.update { if (it.last() == destination) it else it + destination }

    /** Goes back one step; the root stays, and false says there was nothing to go back to. */
    fun pop(): Boolean {
        var popped = false
        mutableEntries.update { if (it.size > 1) it.dropLast(1).also { popped = true } else it }
        return popped
    }

    /** Starts again from [root], e.g. after unlocking or locking the store. */
    fun reset(root: Destination) = mutableEntries.update { listOf(root) }
}
