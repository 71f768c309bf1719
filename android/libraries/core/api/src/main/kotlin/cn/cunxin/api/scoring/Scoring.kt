package cn.cunxin.api.scoring

/**
 * Scorecards as data: the facts form, the estimate with why and what would raise it, the
 * committee's aggregate and the reconciliation of the two limits. A scorecard is a built-in name
 * ("luquan", "jinxiang") or a bank's definition text. These calls need no store.
 */
interface Scoring {
    /** The built-in scorecards' names. */
    suspend fun presets(): List<String>

    /** Every problem of a bank's definition text, one sentence each; empty when it is sound. */
    suspend fun check(definition: String): List<String>

    /** The facts form the scorecard declares, in order. */
    suspend fun form(scorecard: String): FactForm

    /** How far a form is: the facts still needed, and the points so far and within reach. */
    suspend fun progress(scorecard: String, facts: Map<String, FactValue>): FormProgress

    /** The estimated limit with why; missing or wrong facts are listed, not thrown. */
    suspend fun estimate(scorecard: String, household: String, facts: Map<String, FactValue>, lprPercent: Double? = null): Estimate

    /** The committee's result from full back-to-back ratings; a bad rating is INVALID_INPUT. */
    suspend fun committeeReview(ratings: List<PanelRating>): CommitteeLimit

    /**
     * The proposed limit from the model limit and the committee limit. A large gap needs the grid
     * manager's [reason] and an [amountYuan] between the two; the scorecard's [capYuan] always holds.
     */
    suspend fun reconcile(
        modelLimitYuan: Long,
        committeeLimitYuan: Long?,
        reason: String? = null,
        amountYuan: Long? = null,
        capYuan: Long? = null,
    ): LimitProposal
}

/** A text in both languages; the screen picks one. */
data class Label(val zh: String, val en: String)

data class FactForm(val scorecard: String, val version: String, val label: Label, val fields: List<FactField>)

enum class FactType { NUMBER, INTEGER, BOOLEAN, OPTION, OPTION_LIST, LEVELS }

data class FactOption(val code: String, val label: Label)

/** One field of the visit form, as the scorecard declares it. */
data class FactField(
    val id: String,
    val label: Label,
    val type: FactType,
    /** E.g. 元, 人, 岁; null when the value has none. */
    val unit: Label?,
    /** For OPTION, OPTION_LIST and LEVELS: the codes in form order. */
    val options: List<FactOption>,
    val required: Boolean,
    val min: Double?,
    val max: Double?,
    /** The value an optional field takes when left empty. */
    val default: FactValue?,
    /** The form's section (e.g. 基本情况), for the jump list; null when the scorecard has none. */
    val section: Label? = null,
)

/** A value of the facts form. */
sealed interface FactValue {
    data class Number(val value: Double) : FactValue

    data class Integer(val value: Long) : FactValue

    data class Bool(val value: Boolean) : FactValue

    data class Choice(val code: String) : FactValue

    data class Choices(val codes: List<String>) : FactValue

    /** For LEVELS: option code → level (a code, "true", or a number as text). */
    data class Levels(val levels: Map<String, String>) : FactValue
}

data class ItemPoints(val item: String, val label: Label, val points: Double, val maxPoints: Double) {
    val gain: Double get() = maxPoints - points
}

data class Estimate(
    val scorecard: String,
    val scorecardVersion: String,
    val eligible: Boolean,
    val vetoed: Boolean,
    val points: Double,
    val grade: String?,
    val creditHousehold: Boolean,
    val limitYuan: Long,
    val initialLimitYuan: Long?,
    val ratePercent: Double?,
    /** Reasons in plain words (zh-CN), e.g. why a household is not eligible. */
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
    /** 1 to 5. */
    val integrity: Int?,
    val estimatedIncomeYuan: Long?,
    val note: String = "",
)

data class CommitteeLimit(
    val limitYuan: Long?,
    val ratings: Int,
    val abstentions: Int,
    val insufficientReviews: Boolean,
    val disputed: Boolean,
    val lowestYuan: Long?,
    val highestYuan: Long?,
    val meanIntegrity: Double?,
    val estimatedIncomeYuan: Long?,
)

enum class ReconcileFlag { NO_REVIEW, AGREED, NEEDS_REASON, REASONED }

data class LimitProposal(
    val modelLimitYuan: Long,
    val committeeLimitYuan: Long?,
    val proposedLimitYuan: Long,
    val flag: ReconcileFlag,
    /** |M − C| / max(M, C) in per mille; null without a committee limit. */
    val gapPermille: Long?,
)
