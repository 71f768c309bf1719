package cn.cunxin.impl.scoring

import cn.cunxin.api.scoring.CommitteeLimit
import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.scoring.FactField
import cn.cunxin.api.scoring.FactForm
import cn.cunxin.api.scoring.FactOption
import cn.cunxin.api.scoring.FactType
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.scoring.FormProgress
import cn.cunxin.api.scoring.ItemPoints
import cn.cunxin.api.scoring.Label
import cn.cunxin.api.scoring.LimitProposal
import cn.cunxin.api.scoring.PanelRating
import cn.cunxin.api.scoring.ReconcileFlag
import cn.cunxin.api.scoring.Scoring
import cn.cunxin.ffi.CommitteeSummary
import cn.cunxin.ffi.ScorecardForm
import cn.cunxin.ffi.checkScorecard
import cn.cunxin.ffi.estimateLimit
import cn.cunxin.ffi.formProgress
import cn.cunxin.ffi.reconcileLimits
import cn.cunxin.ffi.scorecardForm
import cn.cunxin.ffi.scorecardPresets
import cn.cunxin.impl.core
import cn.cunxin.core.FactType as CoreFactType
import cn.cunxin.core.Label as CoreLabel
import cn.cunxin.core.PartialEvaluation
import cn.cunxin.core.ReconcileFlag as CoreReconcileFlag
import cn.cunxin.core.Reconciliation
import cn.cunxin.ffi.Estimate as FfiEstimate
import cn.cunxin.ffi.FactValue as FfiFactValue
import cn.cunxin.ffi.ItemPoints as FfiItemPoints
import cn.cunxin.ffi.PanelRating as FfiPanelRating
import cn.cunxin.ffi.committeeReview as ffiCommitteeReview

internal class CoreScoring : Scoring {
    override suspend fun presets(): List<String> = core { scorecardPresets() }

    override suspend fun check(definition: String): List<String> = core { checkScorecard(definition) }

    override suspend fun form(scorecard: String): FactForm = core { scorecardForm(scorecard) }.toApi()

    override suspend fun progress(scorecard: String, facts: Map<String, FactValue>): FormProgress =
        core { formProgress(scorecard, facts.toFfi()) }.toApi()

    override suspend fun estimate(scorecard: String, household: String, facts: Map<String, FactValue>, lprPercent: Double?): Estimate =
        core { estimateLimit(scorecard, household, facts.toFfi(), lprPercent) }.toApi()

    override suspend fun committeeReview(ratings: List<PanelRating>): CommitteeLimit {
        val ffi = ratings.map {
            // An integrity outside 0..255 cannot be a rating of 1 to 5; the core reports it as such.
            val integrity = it.integrity?.coerceIn(0, 255)?.toUByte()
            FfiPanelRating(it.member, it.suggestedLimitYuan, integrity, it.estimatedIncomeYuan, it.note)
        }
        return core { ffiCommitteeReview(ffi) }.toApi()
    }

    override suspend fun reconcile(
        modelLimitYuan: Long,
        committeeLimitYuan: Long?,
        reason: String?,
        amountYuan: Long?,
        capYuan: Long?,
    ): LimitProposal = core { reconcileLimits(modelLimitYuan, committeeLimitYuan, reason, amountYuan, capYuan) }.toApi()
}

internal fun CoreLabel.toApi() = Label(zh, en)

internal fun ScorecardForm.toApi() = FactForm(
    scorecard = scorecard,
    version = version,
    label = name.toApi(),
    fields = fields.map {
        FactField(
            id = it.id,
            label = it.label.toApi(),
            type = it.factType.toApi(),
            unit = null,
            options = it.options.map { o -> FactOption(o.code, o.label.toApi()) },
            required = it.required,
            min = it.min,
            max = it.max,
            default = it.defaultValue?.toApi(),
        )
    },
)

internal fun CoreFactType.toApi(): FactType = when (this) {
    CoreFactType.NUMBER -> FactType.NUMBER
    CoreFactType.INTEGER -> FactType.INTEGER
    CoreFactType.BOOLEAN -> FactType.BOOLEAN
    CoreFactType.OPTION -> FactType.OPTION
    CoreFactType.OPTION_LIST -> FactType.OPTION_LIST
    CoreFactType.LEVELS -> FactType.LEVELS
}

internal fun FactValue.toFfi(): FfiFactValue = when (this) {
    is FactValue.Number -> FfiFactValue.Number(value)
    is FactValue.Integer -> FfiFactValue.Integer(value)
    is FactValue.Bool -> FfiFactValue.Bool(value)
    is FactValue.Choice -> FfiFactValue.Choice(code)
    is FactValue.Choices -> FfiFactValue.Choices(codes)
    is FactValue.Levels -> FfiFactValue.Levels(levels)
}

internal fun FfiFactValue.toApi(): FactValue = when (this) {
    is FfiFactValue.Number -> FactValue.Number(value)
    is FfiFactValue.Integer -> FactValue.Integer(value)
    is FfiFactValue.Bool -> FactValue.Bool(value)
    is FfiFactValue.Choice -> FactValue.Choice(code)
    is FfiFactValue.Choices -> FactValue.Choices(codes)
    is FfiFactValue.Levels -> FactValue.Levels(levels)
}

internal fun Map<String, FactValue>.toFfi(): Map<String, FfiFactValue> = mapValues { it.value.toFfi() }

internal fun PartialEvaluation.toApi() = FormProgress(missing, invalid, ineligibleReasons, vetoed, pointsSoFar, pointsPossible, complete)

internal fun Reconciliation.toApi() = LimitProposal(modelLimitYuan, committeeLimitYuan, proposedLimitYuan, flag.toApi(), gapPermille)

internal fun CoreReconcileFlag.toApi(): ReconcileFlag = when (this) {
    CoreReconcileFlag.NO_REVIEW -> ReconcileFlag.NO_REVIEW
    CoreReconcileFlag.AGREED -> ReconcileFlag.AGREED
    CoreReconcileFlag.NEEDS_REASON -> ReconcileFlag.NEEDS_REASON
    CoreReconcileFlag.REASONED -> ReconcileFlag.REASONED
}

internal fun FfiEstimate.toApi() = Estimate(
    scorecard = scorecard,
    scorecardVersion = scorecardVersion,
    eligible = eligible,
    vetoed = vetoed,
    points = points,
    grade = grade,
    creditHousehold = creditHousehold,
    limitYuan = limitYuan,
    initialLimitYuan = initialLimitYuan,
    ratePercent = ratePercent,
    reasons = reasons,
    contributions = contributions.map { it.toApi() },
    improvements = improvements.map { it.toApi() },
    missingFacts = missingFacts,
    invalidFacts = invalidFacts,
)

private fun FfiItemPoints.toApi() = ItemPoints(item, Label(label, labelEn), points, maxPoints)

internal fun CommitteeSummary.toApi() = CommitteeLimit(
    limitYuan = limitYuan,
    ratings = ratings.toInt(),
    abstentions = abstentions.toInt(),
    insufficientReviews = insufficientReviews,
    disputed = disputed,
    lowestYuan = lowestYuan,
    highestYuan = highestYuan,
    meanIntegrity = meanIntegrity,
    estimatedIncomeYuan = estimatedIncomeYuan,
)
