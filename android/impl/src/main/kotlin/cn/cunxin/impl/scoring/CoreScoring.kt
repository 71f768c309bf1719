package cn.cunxin.impl.scoring

import cn.cunxin.api.scoring.CommitteeLimit
import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.scoring.FactField
import cn.cunxin.api.scoring.ItemPoints
import cn.cunxin.api.scoring.Scoring
import cn.cunxin.impl.callCore
import cn.cunxin.ffi.ItemPoints as FfiItemPoints
import cn.cunxin.ffi.committeeLimit as ffiCommitteeLimit
import cn.cunxin.ffi.estimateLimit
import cn.cunxin.ffi.scorecardForm

internal class CoreScoring : Scoring {
    override fun form(scorecard: String): List<FactField> = callCore { scorecardForm(scorecard) }.map {
        FactField(it.id, it.labelZh, it.labelEn, it.factType, it.options.map { o -> o.code to o.labelZh }, it.required)
    }

    override fun estimate(scorecard: String, household: String, factsJson: String, lprPercent: Double?): Estimate {
        val e = callCore { estimateLimit(scorecard, household, factsJson, lprPercent) }
        return Estimate(
            eligible = e.eligible,
            vetoed = e.vetoed,
            points = e.points,
            grade = e.grade,
            creditHousehold = e.creditHousehold,
            limitYuan = e.limitYuan,
            initialLimitYuan = e.initialLimitYuan,
            ratePercent = e.ratePercent,
            reasons = e.reasons,
            contributions = e.contributions.map { it.toApi() },
            improvements = e.improvements.map { it.toApi() },
            missingFacts = e.missingFacts,
            invalidFacts = e.invalidFacts,
        )
    }

    override fun committeeLimit(suggestionsYuan: List<Long?>): CommitteeLimit {
        val c = callCore { ffiCommitteeLimit(suggestionsYuan) }
        return CommitteeLimit(c.limitYuan, c.insufficientReviews, c.disputed)
    }
}

private fun FfiItemPoints.toApi() = ItemPoints(item, label, points, maxPoints)
