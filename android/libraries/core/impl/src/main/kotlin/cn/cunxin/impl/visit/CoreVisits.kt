package cn.cunxin.impl.visit

import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.scoring.FactForm
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.scoring.FormProgress
import cn.cunxin.api.visit.DraftSaved
import cn.cunxin.api.visit.FactCheck
import cn.cunxin.api.visit.FactProblem
import cn.cunxin.api.visit.MissingItem
import cn.cunxin.api.visit.Visits
import cn.cunxin.ffi.checkFactValue
import cn.cunxin.ffi.formProgress
import cn.cunxin.ffi.scorecardForm
import cn.cunxin.impl.core
import cn.cunxin.impl.scoring.toApi
import cn.cunxin.impl.scoring.toFfi
import cn.cunxin.impl.settings.CoreStoreSettings
import cn.cunxin.core.Missing
import cn.cunxin.core.ValueProblem
import cn.cunxin.impl.consents.toApi
import cn.cunxin.impl.photos.toApi
import cn.cunxin.ffi.Store as FfiStore

internal class CoreVisits(private val store: FfiStore, private val settings: CoreStoreSettings) : Visits {
    override suspend fun form(): FactForm {
        val scorecard = settings.scorecard()
        return core { scorecardForm(scorecard) }.toApi()
    }

    override suspend fun facts(household: String): Map<String, FactValue> =
        core { store.householdFacts(household) }.mapValues { it.value.toApi() }

    override suspend fun saveDraft(household: String, facts: Map<String, FactValue>): DraftSaved {
        val ffi = facts.toFfi()
        val saved = core { store.saveDraft(household, ffi) }
        val scorecard = settings.scorecard()
        val progress = core { formProgress(scorecard, ffi) }.toApi()
        return DraftSaved(saved.revision.toInt(), saved.changedFields, progress)
    }

    override suspend fun validate(factId: String, value: FactValue): FactCheck {
        val scorecard = settings.scorecard()
        val problem = core { checkFactValue(scorecard, factId, value.toFfi()) } ?: return FactCheck.Valid
        return FactCheck.Invalid(problem.toApi())
    }

    override suspend fun progress(household: String): FormProgress {
        val facts = core { store.householdFacts(household) }
        val scorecard = settings.scorecard()
        return core { formProgress(scorecard, facts) }.toApi()
    }

    override suspend fun showEstimate(household: String): Estimate {
        val scorecard = settings.scorecard()
        return core { store.showEstimate(household, scorecard, null) }.toApi()
    }

    /** What the core's checklist says is missing; a household not open for a visit has nothing to list (finalize says why). */
    override suspend fun finalizeChecklist(household: String): List<MissingItem> {
        val scorecard = settings.scorecard()
        return core { store.finalizeChecklist(household, scorecard) }.missing.mapNotNull { it.toApi() }
    }

    override suspend fun finalize(household: String): Int = core { store.finalize(household) }.toInt()


    override suspend fun reopen(household: String, reason: String): Int = core { store.reopen(household, reason) }.toInt()
}

private fun ValueProblem.toApi(): FactProblem = when (this) {
    is ValueProblem.UnknownFact -> FactProblem.UnknownFact
    is ValueProblem.WrongType -> FactProblem.WrongType
    is ValueProblem.NotWhole -> FactProblem.NotWhole
    is ValueProblem.BelowMin -> FactProblem.BelowMin(min)
    is ValueProblem.AboveMax -> FactProblem.AboveMax(max)
    is ValueProblem.NotAnOption -> FactProblem.NotAnOption(option)
}

private fun Missing.toApi(): MissingItem? = when (this) {
    is Missing.State -> null
    is Missing.Facts -> MissingItem.Facts(missing, invalid)
    is Missing.Photo -> MissingItem.Photo(kind.toApi(), member = null)
    is Missing.Consent -> MissingItem.Consent(kind.toApi())
    Missing.Estimate -> MissingItem.Estimate
    is Missing.GapReason -> MissingItem.Panel(needsReason = true)
}
