package cn.cunxin.features.facts

import cn.cunxin.api.scoring.FactType
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.visit.FactCheck
import cn.cunxin.api.visit.Visits
import cn.cunxin.architecture.Autosave
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.Presenter
import kotlinx.coroutines.CoroutineScope

/**
 * The facts form, rendered from what the scorecard declares. Every edit is checked as it is typed
 * and saved as the draft at once (in order, the latest value winning), so Back or a killed app
 * loses nothing; opening the form again shows the saved facts.
 */
class FactsPresenter(
    household: String,
    private val visits: Visits,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
) : Presenter<FactsState, FactsEvent>(FactsState(household), scope, dispatchers) {
    private val id = household
    private val autosave = Autosave<Map<String, FactValue>>(scope) { values -> save(values) }

    init {
        launch {
            val loaded = core { Triple(visits.form(), visits.facts(id), visits.progress(id)) }
            when (loaded) {
                is CoreResult.Failed -> setState { it.copy(loading = false, failure = loaded.failure) }
                is CoreResult.Done -> {
                    val (form, facts, progress) = loaded.value
                    val typed = facts.mapNotNull { (k, v) -> numberText(v)?.let { k to it } }.toMap()
                    setState { it.copy(loading = false, form = form, values = facts, typed = typed, progress = progress) }
                }
            }
        }
    }

    override fun onEvent(event: FactsEvent) {
        val form = current.form ?: return
        when (event) {
            is FactsEvent.Typed -> {
                val field = form.fields.firstOrNull { it.id == event.factId } ?: return
                val text = event.text.trim()
                val value = when {
                    text.isEmpty() -> null
                    field.type == FactType.INTEGER -> text.toLongOrNull()?.let { FactValue.Integer(it) }
                    else -> text.toDoubleOrNull()?.let { FactValue.Number(it) }
                }
                setState { it.copy(typed = it.typed + (field.id to event.text)) }
                if (text.isNotEmpty() && value == null) {
                    setState { it.copy(fieldErrors = it.fieldErrors + (field.id to FieldError.NotANumber)) }
                    return
                }
                edit(field.id, value)
            }
            is FactsEvent.Chosen -> edit(event.factId, event.value)
        }
    }

    private fun edit(factId: String, value: FactValue?) {
        val values = if (value == null) current.values - factId else current.values + (factId to value)
        setState { it.copy(values = values, fieldErrors = it.fieldErrors - factId, saving = true) }
        autosave.offer(values)
        if (value != null) {
            launch {
                val check = core { visits.validate(factId, value) }
                if (check is CoreResult.Done && check.value is FactCheck.Invalid && current.values[factId] == value) {
                    setState { it.copy(fieldErrors = it.fieldErrors + (factId to FieldError.Invalid((check.value as FactCheck.Invalid).problem))) }
                }
            }
        }
    }

    private suspend fun save(values: Map<String, FactValue>) {
        when (val saved = core { visits.saveDraft(id, values) }) {
            is CoreResult.Done -> setState { it.copy(saving = it.values != values, savedRevision = saved.value.revision, progress = saved.value.progress, failure = null) }
            is CoreResult.Failed -> setState { it.copy(saving = false, failure = saved.failure) }
        }
    }

    private fun numberText(v: FactValue): String? = when (v) {
        is FactValue.Integer -> v.value.toString()
        is FactValue.Number -> if (v.value == Math.floor(v.value)) v.value.toLong().toString() else v.value.toString()
        else -> null
    }
}
