package cn.cunxin.features.facts

import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.visit.FactProblem
import cn.cunxin.test.builders.aLuquanForm
import cn.cunxin.test.fakes.FakeScoring

/** The facts form's states worth seeing. */
object FactsStateProvider {
    private val form = aLuquanForm()
    private val some = mapOf(
        "applicant_age" to FactValue.Integer(45),
        "full_capacity" to FactValue.Bool(true),
        "legal_income" to FactValue.Bool(true),
        "bad_loan_or_dispute" to FactValue.Bool(false),
        "education" to FactValue.Choice("middle_school"),
        "household_size" to FactValue.Integer(4),
    )
    private val all = some + mapOf(
        "marital_status" to FactValue.Choice("married"), "health" to FactValue.Choice("good"), "occupation" to FactValue.Choice("farming"),
        "household_net_income_yuan" to FactValue.Number(86000.0), "total_assets_yuan" to FactValue.Number(420000.0),
        "total_liabilities_yuan" to FactValue.Number(30000.0), "credit_history" to FactValue.Choice("clean_loans"),
        "in_credit_village" to FactValue.Bool(true), "committee_evaluation" to FactValue.Choice("good"),
    )

    private fun typed(values: Map<String, FactValue>) = values.mapNotNull { (k, v) ->
        when (v) {
            is FactValue.Integer -> k to v.value.toString()
            is FactValue.Number -> k to v.value.toLong().toString()
            else -> null
        }
    }.toMap()

    val states: List<Pair<String, FactsState>> = listOf(
        "empty" to FactsState("H001", loading = false, form = form, progress = FakeScoring.progressOf(form, emptyMap())),
        "typing" to FactsState(
            "H001", loading = false, form = form, values = some - "applicant_age",
            typed = typed(some) + ("applicant_age" to "65") + ("household_net_income_yuan" to "8万"),
            fieldErrors = mapOf(
                "applicant_age" to FieldError.Invalid(FactProblem.AboveMax("60")),
                "household_net_income_yuan" to FieldError.NotANumber,
            ),
            progress = FakeScoring.progressOf(form, some), saving = true,
        ),
        "complete" to FactsState("H001", loading = false, form = form, values = all, typed = typed(all), progress = FakeScoring.progressOf(form, all), savedRevision = 14),
    )
}
