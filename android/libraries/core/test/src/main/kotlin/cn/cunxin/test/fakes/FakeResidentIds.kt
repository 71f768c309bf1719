package cn.cunxin.test.fakes

import cn.cunxin.api.intake.ResidentId
import cn.cunxin.api.intake.ResidentIdCheck
import cn.cunxin.api.intake.ResidentIds
import cn.cunxin.api.intake.Sex
import java.time.DateTimeException
import java.time.LocalDate

/** GB 11643-1999 in a few lines: enough for screens and the contract (the core also knows the division table). */
class FakeResidentIds : ResidentIds {
    override suspend fun check(input: String): ResidentIdCheck = checkId(input)

    companion object {
        fun checkId(input: String): ResidentIdCheck {
            val id = input.trim().uppercase()
            if (!Regex("[0-9]{17}[0-9X]").matches(id)) {
                return ResidentIdCheck.Invalid("an ID number has 18 characters: 17 digits and a digit or X; check what was typed")
            }
            val weights = intArrayOf(7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
            val sum = (0 until 17).sumOf { (id[it] - '0') * weights[it] }
            if ("10X98765432"[sum % 11] != id[17]) {
                return ResidentIdCheck.Invalid("the check character does not match: a digit was mistyped; compare with the card")
            }
            val birth = try {
                LocalDate.of(id.substring(6, 10).toInt(), id.substring(10, 12).toInt(), id.substring(12, 14).toInt())
            } catch (e: DateTimeException) {
                return ResidentIdCheck.Invalid("the birth date in the ID number is not a real date; compare with the card")
            }
            val sex = if ((id[16] - '0') % 2 == 1) Sex.MALE else Sex.FEMALE
            return ResidentIdCheck.Valid(ResidentId(id, birth, sex, id.take(6), null, false, maskId(id)))
        }
    }
}
