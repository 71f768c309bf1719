package cn.cunxin.features.village

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.settings.NoticeContact
import cn.cunxin.api.village.PublicNotice
import java.time.LocalDate
import java.time.format.DateTimeParseException

/** The rules' shortest notice (公示期不少于 7 天). */
const val MIN_NOTICE_DAYS = 7

/** The days the notice is posted, both ends included. */
data class NoticePeriod(val start: LocalDate, val days: Long) {
    val end: LocalDate get() = start.plusDays(days - 1)
}

enum class PeriodProblem { BAD_START, BAD_DAYS, TOO_SHORT }

data class NoticeState(
    val loading: Boolean = true,
    val villages: List<String> = emptyList(),
    val village: String? = null,
    val notice: PublicNotice? = null,
    /** As typed: yyyy-MM-dd. */
    val startText: String = "",
    val daysText: String = MIN_NOTICE_DAYS.toString(),
    val branchText: String = "",
    val telephoneText: String = "",
    /** The contact kept in the store's settings; the page needs it. */
    val contact: NoticeContact? = null,
    val contactRefused: Boolean = false,
    val contactJustSaved: Boolean = false,
    val writing: Boolean = false,
    val writtenTo: String? = null,
    val failure: CunxinFailure? = null,
) {
    val periodProblem: PeriodProblem?
        get() {
            parseStart() ?: return PeriodProblem.BAD_START
            val days = daysText.trim().toLongOrNull() ?: return PeriodProblem.BAD_DAYS
            return if (days < MIN_NOTICE_DAYS) PeriodProblem.TOO_SHORT else null
        }

    val period: NoticePeriod? get() = if (periodProblem == null) NoticePeriod(parseStart()!!, daysText.trim().toLong()) else null

    val canWrite: Boolean
        get() = !loading && !writing && period != null && contact != null && notice?.lines?.isNotEmpty() == true

    private fun parseStart(): LocalDate? = try {
        LocalDate.parse(startText.trim())
    } catch (_: DateTimeParseException) {
        null
    }
}

sealed interface NoticeEvent {
    data class VillageChosen(val village: String) : NoticeEvent

    data class StartChanged(val text: String) : NoticeEvent

    data class DaysChanged(val text: String) : NoticeEvent

    data class BranchChanged(val text: String) : NoticeEvent

    data class TelephoneChanged(val text: String) : NoticeEvent

    data object SaveContact : NoticeEvent

    /** Asks for a folder and writes the printable page there. */
    data object WritePage : NoticeEvent

    data object Refresh : NoticeEvent
}
