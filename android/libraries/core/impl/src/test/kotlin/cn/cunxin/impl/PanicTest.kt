package cn.cunxin.impl

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.intake.ResidentIdCheck
import cn.cunxin.ffi.InternalException
import cn.cunxin.ffi.testingPanic
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** A panic inside Rust must reach Kotlin as an exception and leave the JVM and library usable. */
class PanicTest {
    @Test
    fun `a Rust panic arrives as uniffi's InternalException carrying the panic message`() {
        val e = assertThrows<InternalException> { testingPanic("first") }
        assertTrue(e.message.orEmpty().contains("deliberate test panic: first"), e.message)
    }

    @Test
    fun `a panic becomes the BUG failure, on the IO dispatcher too`() {
        val e = assertThrows<CunxinFailure> { runBlocking { core { testingPanic("second") } } }
        assertEquals(FailureCode.BUG, e.code)
        assertInstanceOf(InternalException::class.java, e.cause)
    }

    @Test
    fun `the library keeps working after repeated panics`() = runBlocking {
        repeat(3) { assertThrows<InternalException> { testingPanic("again $it") } }
        val check = CoreCunxin().residentIds.check("11010519491231002X")
        assertInstanceOf(ResidentIdCheck.Valid::class.java, check)
        Unit
    }
}
