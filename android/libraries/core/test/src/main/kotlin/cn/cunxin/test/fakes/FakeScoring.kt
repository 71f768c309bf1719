package cn.cunxin.test.fakes

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.scoring.CommitteeLimit
import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.scoring.FactField
import cn.cunxin.api.scoring.FormProgress
import cn.cunxin.api.scoring.LimitProposal
import cn.cunxin.api.scoring.PanelRating
import cn.cunxin.api.scoring.Scoring
import cn.cunxin.test.builders.aLuquanForm
import cn.cunxin.test.builders.anEstimate
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.jsonObject

/**
 * A scorecard that knows its form and which facts are missing or out of range; the points and
 * the estimate are what a test sets ([estimate]), since scoring itself is the core's job.
 */
class FakeScoring(
    var forms: Map<String, List<FactField>> = mapOf("luquan" to aLuquanForm()),
    var estimate: Estimate = anEstimate(),
) : Scoring {
    /** Every estimate asked for, as (household, facts) — the core audits them too. */
    val estimatesShown = mutableListOf<Pair<String, String>>()

    override fun presets(): List<String> = forms.keys.toList()

    override fun check(definition: String): List<String> =
        if (definition.isBlank()) listOf("the definition is empty: paste the bank's scorecard text") else emptyList()

    override fun form(scorecard: String): List<FactField> =
        forms[scorecard] ?: throw CunxinFailure.NotFound("no scorecard named like this: pick one of ${forms.keys}")

    override fun progress(scorecard: String, factsJson: String): FormProgress {
        val fields = form(scorecard)
        val facts = parse(factsJson)
        val missing = fields.filter { it.required && it.id !in facts }.map { it.id }
        val invalid = fields.filter { it.id in facts && !valid(it, facts.getValue(it.id)) }.map { it.id }
        val possible = fields.size * 10.0
        val soFar = fields.count { it.id in facts && it.id !in invalid } * 10.0
        return FormProgress(missing, invalid, emptyList(), false, soFar, possible, missing.isEmpty() && invalid.isEmpty())
    }

    override fun estimate(scorecard: String, household: String, factsJson: String, lprPercent: Double?): Estimate {
        val progress = progress(scorecard, factsJson)
        estimatesShown += household to factsJson
        return estimate.copy(missingFacts = progress.missingFacts, invalidFacts = progress.invalidFacts)
    }

    override fun committeeLimit(suggestionsYuan: List<Long?>): CommitteeLimit {
        val given = suggestionsYuan.filterNotNull().sorted()
        if (given.size < 3) return CommitteeLimit(null, true, false, given.size, suggestionsYuan.size - given.size)
        val kept = if (given.size >= 5) given.drop(1).dropLast(1) else given
        val limit = (if (given.size >= 5) kept.average().toLong() else kept[kept.size / 2]) / 1000 * 1000
        return CommitteeLimit(limit, false, given.last() - given.first() > limit / 2, given.size, suggestionsYuan.size - given.size)
    }

    override fun committeeReview(ratings: List<PanelRating>): CommitteeLimit = committeeLimit(ratings.map { it.suggestedLimitYuan })

    override fun reconcile(modelLimitYuan: Long, committeeLimitYuan: Long?, reason: String?, amountYuan: Long?, capYuan: Long?): LimitProposal {
        val cap = capYuan ?: Long.MAX_VALUE
        if (committeeLimitYuan == null) return LimitProposal(minOf(modelLimitYuan, cap), "no_review", null)
        val high = maxOf(modelLimitYuan, committeeLimitYuan)
        val low = minOf(modelLimitYuan, committeeLimitYuan)
        val gap = if (high == 0L) 0 else (high - low) * 1000 / high
        return when {
            gap <= 300 -> LimitProposal(minOf(low, cap), "agreed", gap)
            reason != null && amountYuan != null -> LimitProposal(minOf(amountYuan.coerceIn(low, high), cap), "reasoned", gap)
            else -> LimitProposal(minOf(low, cap), "needs_reason", gap)
        }
    }

    private fun valid(field: FactField, value: kotlinx.serialization.json.JsonElement): Boolean {
        val primitive = value as? JsonPrimitive ?: return field.type == "levels" || field.type == "multi_select"
        return when (field.type) {
            "number", "integer" -> primitive.doubleOrNull?.let { n -> (field.min == null || n >= field.min!!) && (field.max == null || n <= field.max!!) } ?: false
            "boolean" -> primitive.booleanOrNull != null
            "select" -> primitive.isString && field.options.any { it.first == primitive.content }
            else -> true
        }
    }

    private fun parse(factsJson: String): JsonObject = try {
        Json.parseToJsonElement(factsJson).jsonObject
    } catch (e: IllegalArgumentException) {
        throw CunxinFailure.InvalidInput("the facts are not a JSON object: this is a bug in the form", e)
    }
}
