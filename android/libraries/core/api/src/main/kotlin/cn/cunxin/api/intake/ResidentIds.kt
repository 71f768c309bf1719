package cn.cunxin.api.intake

import java.time.LocalDate

/** Resident identity numbers (居民身份证号码). */
interface ResidentIds {
    /** Checks an ID number as typed or scanned; a bad one is [ResidentIdCheck.Invalid], never an exception. */
    suspend fun check(input: String): ResidentIdCheck
}

/** The outcome of [ResidentIds.check]. */
sealed interface ResidentIdCheck {
    data class Valid(val id: ResidentId) : ResidentIdCheck

    /** [message] is one sentence saying what is wrong and what to do; it never repeats the ID. */
    data class Invalid(val message: String) : ResidentIdCheck
}

/** A valid resident ID and what it encodes. */
data class ResidentId(
    /** The 18-character form, upper-case check character. */
    val number: String,
    val birthDate: LocalDate,
    val sex: Sex,
    /** The six-digit administrative region code (行政区划代码). */
    val regionCode: String,
    /** Province, prefecture and county, e.g. 河南省洛阳市西工区, as far as the division table knows it. */
    val regionName: String?,
    /** The county code is not in the current table (old IDs keep merged counties' codes): a warning, not an error. */
    val countyCodeNotCurrent: Boolean,
    /** For screens and logs not meant for the resident, e.g. 410303********1234. */
    val masked: String,
) {
    /** Masked, so an ID never reaches a log by accident. */
    override fun toString(): String =
        "ResidentId(number=$masked, birthDate=****-**-**, sex=$sex, regionCode=$regionCode)"
}

enum class Sex { MALE, FEMALE }
