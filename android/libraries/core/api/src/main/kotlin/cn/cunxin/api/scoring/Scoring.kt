package cn.cunxin.api.scoring

/**
 * Scorecards: the visit form's scoring fields, the estimate shown at the door with why and what
 * would raise it, the committee review and the reconciliation of the two limits.
 * A scorecard is a built-in name ("luquan", "jinxiang") or a bank's definition text.
 * Facts travel as a JSON object of fact id to value, as the form collects them.
 */
interface Scoring {
    /** The built-in scorecards' names. */
    fun presets(): List<String>

    /** Every problem of a bank's definition text, one sentence each; empty when it is sound. */
    fun check(definition: String): List<String>

    /** The scoring fields of the visit form, in order. */
    fun form(scorecard: String): List<FactField>

    /** How far the form is: the facts still needed, and the points so far and within reach. */
    fun progress(scorecard: String, factsJson: String): FormProgress

    /** The estimated limit with why; missing or wrong facts are listed, not thrown. */
    fun estimate(scorecard: String, household: String, factsJson: String, lprPercent: Double? = null): Estimate

    /** The committee limit from the panel's suggestions (null = abstained). */
    fun committeeLimit(suggestionsYuan: List<Long?>): CommitteeLimit

    /** The committee's result from full back-to-back ratings; a bad rating is [cn.cunxin.api.CunxinFailure.InvalidInput]. */
    fun committeeReview(ratings: List<PanelRating>): CommitteeLimit

    /**
     * The proposed limit from the model limit and the committee limit. A large gap needs the grid
     * manager's [reason] and an [amountYuan] between the two; the scorecard's [capYuan] always holds.
     */
    fun reconcile(
        modelLimitYuan: Long,
        committeeLimitYuan: Long?,
        reason: String? = null,
        amountYuan: Long? = null,
        capYuan: Long? = null,
    ): LimitProposal
}

data class FactField(
    val id: String,
    val labelZh: String,
    val labelEn: String,
    val type: String,
    /** Option code to Chinese label, in form order. */
    val options: List<Pair<String, String>>,
    val required: Boolean,
    val min: Double?,
    val max: Double?,
    val defaultJson: String?,
)

data class ItemPoints(val item: String, val label: String, val labelEn: String, val points: Double, val maxPoints: Double) {
    val gain: Double get() = maxPoints - points
}

data class Estimate(
    val eligible: Boolean,
    val vetoed: Boolean,
    val points: Double,
    val grade: String?,
    val creditHousehold: Boolean,
    val limitYuan: Long,
    val initialLimitYuan: Long?,
    val ratePercent: Double?,
    val reasons: List<String>,
    /** Why: the points of every item. */
    val contributions: List<ItemPoints>,
    /** What would raise it: the items (and each honour) not yet fully earned. */
    val improvements: List<ItemPoints>,
    val missingFacts: List<String>,
    val invalidFacts: List<String>,
)

data class FormProgress(
    val missingFacts: List<String>,
    val invalidFacts: List<String>,
    val ineligibleReasons: List<String>,
    val vetoed: Boolean,
    val pointsSoFar: Double,
    val pointsPossible: Double,
    val complete: Boolean,
)

/** One panel member's rating; a null [suggestedLimitYuan] is an abstention. */
data class PanelRating(
    val member: String,
    val suggestedLimitYuan: Long?,
    val integrity: Int?,
    val estimatedIncomeYuan: Long?,
    val note: String = "",
)

data class CommitteeLimit(
    val limitYuan: Long?,
    val insufficientReviews: Boolean,
    val disputed: Boolean,
    val ratings: Int = 0,
    val abstentions: Int = 0,
    val meanIntegrity: Double? = null,
    val estimatedIncomeYuan: Long? = null,
)

/** [flag] is no_review, agreed, needs_reason or reasoned. */
data class LimitProposal(val proposedLimitYuan: Long, val flag: String, val gapPermille: Long?)
