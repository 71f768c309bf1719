package cn.cunxin.api.scoring

/**
 * Scorecards: the visit form's scoring fields and the estimate shown at the door.
 * A scorecard is a built-in name ("luquan", "jinxiang") or a bank's definition text.
 * Facts travel as a JSON object of fact id to value, as the form collects them.
 */
interface Scoring {
    /** The scoring fields of the visit form, in order. */
    fun form(scorecard: String): List<FactField>

    /** The estimated limit with why; missing or wrong facts are listed, not thrown. */
    fun estimate(scorecard: String, household: String, factsJson: String, lprPercent: Double? = null): Estimate

    /** The committee limit from the panel's suggestions (null = abstained). */
    fun committeeLimit(suggestionsYuan: List<Long?>): CommitteeLimit
}

data class FactField(
    val id: String,
    val labelZh: String,
    val labelEn: String,
    val type: String,
    val options: List<Pair<String, String>>,
    val required: Boolean,
)

data class ItemPoints(val item: String, val label: String, val points: Double, val maxPoints: Double)

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
    /** What would raise it: the items not yet fully earned. */
    val improvements: List<ItemPoints>,
    val missingFacts: List<String>,
    val invalidFacts: List<String>,
)

data class CommitteeLimit(val limitYuan: Long?, val insufficientReviews: Boolean, val disputed: Boolean)
