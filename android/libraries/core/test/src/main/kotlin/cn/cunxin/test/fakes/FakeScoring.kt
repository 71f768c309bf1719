package cn.cunxin.test.fakes

import cn.cunxin.api.visit.FactProblem
import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.scoring.CommitteeLimit
import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.scoring.FactField
import cn.cunxin.api.scoring.FactForm
import cn.cunxin.api.scoring.FactType
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.scoring.FormProgress
import cn.cunxin.api.scoring.LimitProposal
import cn.cunxin.api.scoring.PanelRating
import cn.cunxin.api.scoring.ReconcileFlag
import cn.cunxin.api.scoring.Scoring
import cn.cunxin.test.builders.aLuquanForm
import cn.cunxin.test.builders.anEstimate

/**
 * A scorecard that knows its form and which facts are missing or out of range; the points are
 * 10 per valid fact and the estimate is what a test sets ([estimate], or one household's in
 * [estimates]): scoring is the core's job.
 */
class FakeScoring(
    var forms: Map<String, FactForm> = mapOf("luquan" to aLuquanForm()),
    var estimate: Estimate = anEstimate(),
) : Scoring {
    /** Households scored otherwise than [estimate], so a village can hold several grades. */
    val estimates: MutableMap<String, Estimate> = mutableMapOf()

    fun estimateFor(household: String): Estimate = estimates[household] ?: estimate

    /** Every estimate asked for, by household — the core audits them too. */
    val estimatesShown = mutableListOf<String>()

    override suspend fun presets(): List<String> = forms.keys.toList()

    override suspend fun check(definition: String): List<String> =
        if (definition.isBlank()) listOf("the definition is empty: paste the bank's scorecard text") else emptyList()

    override suspend fun form(scorecard: String): FactForm = formOf(scorecard)

    fun formOf(scorecard: String): FactForm =
        forms[scorecard] ?: throw CunxinFailure(FailureCode.NOT_FOUND, "no scorecard of this name: pick one of ${forms.keys}")

    override suspend fun progress(scorecard: String, facts: Map<String, FactValue>): FormProgress = progressOf(formOf(scorecard), facts)

    override suspend fun estimate(scorecard: String, household: String, facts: Map<String, FactValue>, lprPercent: Double?): Estimate {
        val progress = progressOf(formOf(scorecard), facts)
        estimatesShown += household
        return estimateFor(household).copy(missingFacts = progress.missingFacts, invalidFacts = progress.invalidFacts)
    }

    override suspend fun committeeReview(ratings: List<PanelRating>): CommitteeLimit {
        if (ratings.any { r -> r.integrity != null && r.integrity !in 1..5 }) {
            throw CunxinFailure(FailureCode.INVALID_INPUT, "integrity is rated 1 to 5")
        }
        val given = ratings.mapNotNull { it.suggestedLimitYuan }.sorted()
        val abstentions = ratings.size - given.size
        if (given.size < 3) return CommitteeLimit(null, given.size, abstentions, true, false, given.firstOrNull(), given.lastOrNull(), null, null)
        val kept = if (given.size >= 5) given.drop(1).dropLast(1) else given
        val raw = if (given.size >= 5) kept.average().toLong() else kept[kept.size / 2]
        val limit = raw / 1000 * 1000
        val integrity = ratings.mapNotNull { it.integrity }.takeIf { it.isNotEmpty() }?.average()
        return CommitteeLimit(limit, given.size, abstentions, false, given.last() - given.first() > limit / 2, given.first(), given.last(), integrity, null)
    }

    override suspend fun reconcile(modelLimitYuan: Long, committeeLimitYuan: Long?, reason: String?, amountYuan: Long?, capYuan: Long?): LimitProposal =
        reconcileLimits(modelLimitYuan, committeeLimitYuan, reason, amountYuan, capYuan)

    companion object {
        fun progressOf(form: FactForm, facts: Map<String, FactValue>): FormProgress {
            val missing = form.fields.filter { it.required && it.id !in facts }.map { it.id }
            val invalid = form.fields.filter { f -> facts[f.id]?.let { !valid(f, it) } ?: false }.map { it.id }
            val soFar = form.fields.count { it.id in facts && it.id !in invalid } * 10.0
            return FormProgress(missing, invalid, emptyList(), false, soFar, form.fields.size * 10.0, missing.isEmpty() && invalid.isEmpty())
        }

        /** The declared type and range; what the form validates as the grid manager types. */
        fun valid(field: FactField, value: FactValue): Boolean = problemOf(field, value) == null

        /** Why [value] does not fit [field], in the core's order of checks; null when it fits. */
        fun problemOf(field: FactField, value: FactValue): FactProblem? {
            fun notAnOption(codes: Collection<String>) = codes.firstOrNull { c -> field.options.none { it.code == c } }?.let { FactProblem.NotAnOption(it) }
            return when (field.type) {
                FactType.NUMBER, FactType.INTEGER -> {
                    val n = when (value) {
                        is FactValue.Number -> value.value
                        is FactValue.Integer -> value.value.toDouble()
                        else -> return FactProblem.WrongType
                    }
                    val min = field.min
                    val max = field.max
                    when {
                        field.type == FactType.INTEGER && n != Math.floor(n) -> FactProblem.NotWhole
                        min != null && n < min -> FactProblem.BelowMin(plain(min))
                        max != null && n > max -> FactProblem.AboveMax(plain(max))
                        else -> null
                    }
                }
                FactType.BOOLEAN -> if (value is FactValue.Bool) null else FactProblem.WrongType
                FactType.OPTION -> if (value is FactValue.Choice) notAnOption(listOf(value.code)) else FactProblem.WrongType
                FactType.OPTION_LIST -> if (value is FactValue.Choices) notAnOption(value.codes) else FactProblem.WrongType
                FactType.LEVELS -> if (value is FactValue.Levels) notAnOption(value.levels.keys) else FactProblem.WrongType
            }
        }

        /** A bound as the scorecard writes it: 18, not 18.0. */
        private fun plain(x: Double): String = if (x == Math.floor(x)) x.toLong().toString() else x.toString()

        fun reconcileLimits(model: Long, committee: Long?, reason: String?, amount: Long?, cap: Long?): LimitProposal {
            val capped = { v: Long -> if (cap == null) v else minOf(v, cap) }
            if (committee == null) return LimitProposal(model, null, capped(model), ReconcileFlag.NO_REVIEW, null)
            val high = maxOf(model, committee)
            val low = minOf(model, committee)
            val gap = if (high == 0L) 0 else (high - low) * 1000 / high
            return when {
                gap <= 300 -> LimitProposal(model, committee, capped(low), ReconcileFlag.AGREED, gap)
                reason != null && amount != null -> LimitProposal(model, committee, capped(amount.coerceIn(low, high)), ReconcileFlag.REASONED, gap)
                else -> LimitProposal(model, committee, capped(low), ReconcileFlag.NEEDS_REASON, gap)
            }
        }
    }
}
