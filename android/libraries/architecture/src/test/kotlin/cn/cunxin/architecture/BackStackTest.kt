package cn.cunxin.architecture

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class BackStackTest {
    private sealed interface Place {
        data object Home : Place
        data class Detail(val id: String) : Place
    }

    @Test
    fun `push and pop walk one stack and the root stays`() {
        val stack = BackStack<Place>(Place.Home)
        stack.push(Place.Detail("H001"))
        stack.push(Place.Detail("H001"))
        assertEquals(listOf(Place.Home, Place.Detail("H001")), stack.entries.value)
        assertTrue(stack.pop())
        assertFalse(stack.pop())
        assertEquals(Place.Home, stack.top)
        stack.push(Place.Detail("H002"))
        stack.reset(Place.Home)
        assertEquals(listOf(Place.Home), stack.entries.value)
    }
}
