package cn.cunxin.architecture

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

@OptIn(ExperimentalCoroutinesApi::class)
class AutosaveTest {
    @Test
    fun `edits made during a slow save fold into one save of the latest value`() = runTest {
        val saved = mutableListOf<String>()
        val firstSaveMayFinish = CompletableDeferred<Unit>()
        val autosave = Autosave<String>(backgroundScope) { value ->
            if (saved.isEmpty()) firstSaveMayFinish.await()
            saved += value
        }
        autosave.offer("王")
        runCurrent()
        autosave.offer("王长")
        autosave.offer("王长明")
        firstSaveMayFinish.complete(Unit)
        runCurrent()
        assertEquals(listOf("王", "王长明"), saved)
    }
}
