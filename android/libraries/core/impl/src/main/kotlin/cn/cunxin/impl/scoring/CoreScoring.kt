package cn.cunxin.impl.scoring

import cn.cunxin.api.scoring.CommitteeLimit
import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.scoring.FactField
import cn.cunxin.api.scoring.FormProgress
import cn.cunxin.api.scoring.ItemPoints
import cn.cunxin.api.scoring.LimitProposal
import cn.cunxin.api.scoring.PanelRating
import cn.cunxin.api.scoring.Scoring
import cn.cunxin.ffi.CommitteeSummary
import cn.cunxin.impl.callCore
import cn.cunxin.ffi.Estimate as FfiEstimate
import cn.cunxin.ffi.ItemPoints as FfiItemPoints
import cn.cunxin.ffi.PanelRating as FfiPanelRating
import cn.cunxin.ffi.checkScorecard
import cn.cunxin.ffi.committeeLimit as ffiCommitteeLimit
import cn.cunxin.ffi.committeeReview as ffiCommitteeReview
import cn.cunxin.ffi.estimateLimit
import cn.cunxin.ffi.formProgress
import cn.cunxin.ffi.reconcileLimits
import cn.cunxin.ffi.scorecardForm
import cn.cunxin.ffi.scorecardPresets

internal class CoreScoring : Scoring {
    override fun presets(): List<String> = callCore { scorecardPresets() }

    override fun check(definition: String): List<String> = callCore { checkScorecard(definition) }

    override fun form(scorecard: String): List<FactField> = callCore { scorecardForm(scorecard) }.map {
        FactField(
            it.id, it.labelZh, it.labelEn, it.factType, it.options.map { o -> o.code to o.labelZh },
            it.required, it.min, it.max, it.defaultJson,
        )
    }

    override fun progress(scorecard: String, factsJson: String): FormProgress {
        val p = callCore { formProgress(scorecard, factsJson) }
        return FormProgress(
            p.missingFacts, p.invalidFacts, p.ineligibleReasons, p.vetoed, p.pointsSoFar, p.pointsPossible, p.complete,
        )
    }

    override fun estimate(scorecard: String, household: String, factsJson: String, lprPercent: Double?): Estimate =
        callCore { estimateLimit(scorecard, household, factsJson, lprPercent) }.toApi()

    override fun committeeLimit(suggestionsYuan: List<Long?>): CommitteeLimit =
        callCore { ffiCommitteeLimit(suggestionsYuan) }.toApi()

    override fun committeeReview(ratings: List<PanelRating>): CommitteeLimit {
        val ffi = ratings.map {
            // An integrity outside 0..255 cannot be a rating of 1 to 5; the core reports it as such.
            val integrity = it.integrity?.coerceIn(0, 255)?.toUByte()
            FfiPanelRating(it.member, it.suggestedLimitYuan, integrity, it.estimatedIncomeYuan, it.note)
        }
        return callCore { ffiCommitteeReview(ffi) }.toApi()
    }

    override fun reconcile(
        modelLimitYuan: Long,
        committeeLimitYuan: Long?,
        reason: String?,
        amountYuan: Long?,
        capYuan: Long?,
    ): LimitProposal {
        val p = callCore { reconcileLimits(modelLimitYuan, committeeLimitYuan, reason, amountYuan, capYuan) }
        return LimitProposal(p.proposedLimitYuan, p.flag, p.gapPermille)
    }
}

internal fun FfiEstimate.toApi() = Estimate(
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

private fun FfiItemPoints.toApi() = ItemPoints(item, label, labelEn, points, maxPoints)

private fun CommitteeSummary.toApi() = CommitteeLimit(
    limitYuan = limitYuan,
    insufficientReviews = insufficientReviews,
    disputed = disputed,
    ratings = ratings.toInt(),
    abstentions = abstentions.toInt(),
    meanIntegrity = meanIntegrity,
    estimatedIncomeYuan = estimatedIncomeYuan,
)
