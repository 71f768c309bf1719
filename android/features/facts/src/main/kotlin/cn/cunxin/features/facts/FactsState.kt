package cn.cunxin.features.facts

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.scoring.FactForm
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.scoring.FormProgress
import cn.cunxin.api.scoring.Label
import cn.cunxin.api.visit.FactProblem

data class FactsState(
    val household: String,
    val loading: Boolean = true,
    val form: FactForm? = null,
    /** What is in each number field as typed, so "1." or "" stays as the grid manager left it. */
    val typed: Map<String, String> = emptyMap(),
    val values: Map<String, FactValue> = emptyMap(),
    /** One sentence per field that is wrong, as the grid manager types. */
    val fieldErrors: Map<String, FieldError> = emptyMap(),
    val progress: FormProgress? = null,
    val saving: Boolean = false,
    val savedRevision: Int? = null,
    val failure: CunxinFailure? = null,
) {
    /** The form's sections in order (fields without one go under the form's own title). */
    val sections: List<Label>
        get() = form?.let { f -> f.fields.map { it.section ?: f.label }.distinct() }.orEmpty()

    fun missingIn(section: Label): Int {
        val f = form ?: return 0
        val missing = progress?.missingFacts.orEmpty().toSet() + progress?.invalidFacts.orEmpty()
        return f.fields.count { (it.section ?: f.label) == section && it.id in missing }
    }
}

sealed interface FieldError {
    data object NotANumber : FieldError

    /** The core's sentence (zh-CN and English) saying what is allowed. */
    data class Invalid(val problem: FactProblem) : FieldError
}

sealed interface FactsEvent {
    /** A number field's text as typed. */
    data class Typed(val factId: String, val text: String) : FactsEvent

    /** A choice, a yes/no, several choices or levels; null clears the field. */
    data class Chosen(val factId: String, val value: FactValue?) : FactsEvent
}
