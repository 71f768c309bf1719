package cn.cunxin.impl.intake

import cn.cunxin.api.intake.ResidentId
import cn.cunxin.api.intake.ResidentIdCheck
import cn.cunxin.api.intake.Sex
import cn.cunxin.impl.CoreCunxin
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import kotlinx.coroutines.runBlocking
import java.time.LocalDate

/** Resident IDs checked by the real Rust core through the generated bindings. */
class ResidentIdsTest {
    private val residentIds = CoreCunxin().residentIds

    private fun valid(input: String): ResidentId =
        assertInstanceOf(ResidentIdCheck.Valid::class.java, runBlocking { residentIds.check(input) }).id

    private fun invalid(input: String): String =
        assertInstanceOf(ResidentIdCheck.Invalid::class.java, runBlocking { residentIds.check(input) }).message

    @Test
    fun `a valid ID yields the birth date, sex and region the core reads from it`() {
        val woman = valid("11010519491231002X")
        assertEquals(LocalDate.of(1949, 12, 31), woman.birthDate)
        assertEquals(Sex.FEMALE, woman.sex)
        assertEquals("110105", woman.regionCode)
        assertEquals("11010519491231002X", woman.number)

        val man = valid("410303199003071238")
        assertEquals(LocalDate.of(1990, 3, 7), man.birthDate)
        assertEquals(Sex.MALE, man.sex)
        assertEquals("410303********1238", man.masked)
        // The region's name crosses too (it was dropped before the core's own types crossed).
        assertEquals("河南省洛阳市西工区", man.regionName)
        assertFalse(man.countyCodeNotCurrent)
    }

    @Test
    fun `spaces, lower-case x and full-width characters cross the FFI and are normalized`() {
        assertEquals("11010519491231002X", valid(" 110105 19491231 002x ").number)
        assertEquals("11010519491231002X", valid("１１０１０５１９４９１２３１００２ｘ").number)
    }

    @Test
    fun `a wrong check character is invalid with the core's sentence, which does not repeat the ID`() {
        val message = invalid("110105194912310021")
        assertEquals("the check character does not match; one of the digits is probably mistyped", message)
        assertFalse(message.contains("11010519491231"), message)
    }

    @Test
    fun `each kind of bad ID gets its own sentence`() {
        val messages = listOf(
            "1101051949123100",       // too short
            "11010519491231002Y",     // not a digit or X
            "99010519491231002X",     // no such province
            "110105194902300020",     // 30 February
        ).map(::invalid)
        assertEquals(messages.size, messages.toSet().size, messages.toString())
        messages.forEach { assertTrue(it.isNotBlank()) }
    }

    @Test
    fun `toString masks the ID so it cannot reach a log`() {
        val text = valid("11010519491231002X").toString()
        assertFalse(text.contains("19491231"), text)
        assertTrue(text.contains("110105********002X"), text)
    }
}
