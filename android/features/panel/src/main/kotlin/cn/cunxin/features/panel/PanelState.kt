package cn.cunxin.features.panel

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.households.HouseholdLine
import cn.cunxin.api.panel.MemberRating
import cn.cunxin.api.panel.PanelResult
import cn.cunxin.api.panel.PanelRole

/** Where the tablet is in the back-to-back review. */
enum class PanelStep { SEAT, RATING, HAND_OVER, RESULTS }

/** Why a rating or a decision cannot be sent yet; each has its own sentence. */
enum class PanelProblem { SEAT_NEEDED, ALREADY_RATED_ALL, LIMIT_NEEDED, INTEGRITY_NEEDED, NOT_WHOLE_YUAN, RESULT_BEFORE_RATING, PASSPHRASE_WRONG, REASON_NEEDED }

/** What one member is typing for one household; amounts stay text until sent. */
data class RatingDraft(
    val business: Int? = null,
    val income: String = "",
    val integrity: Int? = null,
    val limit: String = "",
    val abstains: Boolean = false,
    val note: String = "",
) {
    /** The problem that keeps this draft from being sent, or null. */
    val problem: PanelProblem?
        get() = when {
            abstains -> null
            limit.isBlank() -> PanelProblem.LIMIT_NEEDED
            !limit.isWholeYuan() || (income.isNotBlank() && !income.isWholeYuan()) -> PanelProblem.NOT_WHOLE_YUAN
            integrity == null -> PanelProblem.INTEGRITY_NEEDED
            else -> null
        }

    /** The rating as the core takes it; an abstention carries no values, as the core requires. */
    fun toRating(member: String, role: PanelRole): MemberRating =
        if (abstains) MemberRating(member, role, null, null, null, null, note.trim())
        else MemberRating(member, role, limit.trim().toLong(), integrity, business, income.trim().toLongOrNull(), note.trim())
}

internal fun String.isWholeYuan(): Boolean = trim().let { it.isNotEmpty() && it.length <= 12 && it.all(Char::isDigit) }

/** The grid manager's reason and amount for a household with a large gap. */
data class Decision(val reason: String = "", val amount: String = "")

data class PanelState(
    val loading: Boolean = true,
    val village: String? = null,
    /** The village's households, in the order the members rate them. */
    val households: List<HouseholdLine> = emptyList(),
    val step: PanelStep = PanelStep.SEAT,
    val memberName: String = "",
    val role: PanelRole? = null,
    /** The households the seated member still rates (ones they rated before are skipped). */
    val toRate: List<HouseholdLine> = emptyList(),
    val position: Int = 0,
    val draft: RatingDraft = RatingDraft(),
    /** How many members submitted on this tablet: a count only, never who rated what. */
    val membersDone: Int = 0,
    val passphrase: String = "",
    val results: Map<String, PanelResult> = emptyMap(),
    val decisions: Map<String, Decision> = emptyMap(),
    /** The household a [PanelProblem.REASON_NEEDED] or decision failure belongs to. */
    val problemHousehold: String? = null,
    val problem: PanelProblem? = null,
    val working: Boolean = false,
    val failure: CunxinFailure? = null,
) {
    val rating: HouseholdLine? get() = toRate.getOrNull(position)
    val canStart: Boolean get() = !loading && !working && memberName.isNotBlank() && role != null
    val canSubmit: Boolean get() = !working && rating != null
}

sealed interface PanelEvent {
    data class NameChanged(val name: String) : PanelEvent
    data class RoleChosen(val role: PanelRole) : PanelEvent
    data object StartRating : PanelEvent
    data class DraftChanged(val draft: RatingDraft) : PanelEvent
    data object Submit : PanelEvent

    /** A member asks for the household's result; the core refuses it before their own rating. */
    data object SeeResult : PanelEvent
    data object NextMember : PanelEvent
    data class PassphraseChanged(val passphrase: String) : PanelEvent
    data object ShowResults : PanelEvent
    data class DecisionChanged(val household: String, val decision: Decision) : PanelEvent
    data class Decide(val household: String) : PanelEvent
}
