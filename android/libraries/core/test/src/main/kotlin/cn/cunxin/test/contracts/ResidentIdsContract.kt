package cn.cunxin.test.contracts

import cn.cunxin.api.intake.ResidentIdCheck
import cn.cunxin.api.intake.ResidentIds
import cn.cunxin.api.intake.Sex
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import java.time.LocalDate

/** What screens rely on from [ResidentIds]; extended with the fake and with the real core. */
abstract class ResidentIdsContract {
    abstract fun residentIds(): ResidentIds

    @Test
    fun `a valid ID gives its birth date, sex and mask, and a lowercase x is accepted`() {
        val id = assertInstanceOf(ResidentIdCheck.Valid::class.java, residentIds().check("11010519491231002x")).id
        assertEquals(LocalDate.of(1949, 12, 31), id.birthDate)
        assertEquals(Sex.FEMALE, id.sex)
        assertEquals("110105********002X", id.masked)
    }

    @Test
    fun `a mistyped digit is Invalid with a sentence that does not repeat the ID`() {
        val check = assertInstanceOf(ResidentIdCheck.Invalid::class.java, residentIds().check("410303199003071239"))
        assertFalse(check.message.contains("410303199003071239"))
    }
}
