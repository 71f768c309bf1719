package cn.cunxin.api.panel

import cn.cunxin.api.scoring.CommitteeLimit
import cn.cunxin.api.scoring.LimitProposal

/**
 * The credit review panel (授信评议), back to back: each member rates every household of the
 * village without seeing the others' ratings. The aggregate and the reconciliation are read
 * only after the member asking has submitted (NOT_ALLOWED_IN_STATE before).
 */
interface ReviewPanel {
    /** Records one member's rating of a household; each member rates a household once (a second rating is STORE_EXISTS). */
    suspend fun submit(household: String, rating: MemberRating)

    /** Which members have rated the household (names only, never their ratings). */
    suspend fun ratedBy(household: String): List<String>

    /** Everything the panel decided about a household, for [asMember] who has already rated it (or the grid manager after the panel). */
    suspend fun result(household: String, asMember: String?): PanelResult

    /** The grid manager's decision where the model's and the panel's limits are far apart; sealing carries it. */
    suspend fun decide(household: String, amountYuan: Long, reason: String): LimitProposal
}

enum class PanelRole { VILLAGE_CADRE, GROUP_LEADER, RESIDENT_REPRESENTATIVE, BANK_MANAGER }

/** One member's rating; null [suggestedLimitYuan] abstains. Integrity and business are 1 to 5. */
data class MemberRating(
    val member: String,
    val role: PanelRole,
    val suggestedLimitYuan: Long?,
    val integrity: Int?,
    val business: Int?,
    val estimatedIncomeYuan: Long?,
    val note: String = "",
)

data class PanelResult(
    val committee: CommitteeLimit,
    /** The model's limit from the last estimate, the proposal and whether a reason is needed. */
    val proposal: LimitProposal?,
    /** The decision recorded for a large gap, if any. */
    val decisionReason: String?,
)
