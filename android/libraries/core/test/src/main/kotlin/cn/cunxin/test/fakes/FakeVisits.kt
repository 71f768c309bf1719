package cn.cunxin.test.fakes

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.households.FieldCheck
import cn.cunxin.api.households.HistoryEntry
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.scoring.FactForm
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.scoring.FormProgress
import cn.cunxin.api.visit.DraftSaved
import cn.cunxin.api.visit.FactCheck
import cn.cunxin.api.visit.FactProblem
import cn.cunxin.api.visit.MissingItem
import cn.cunxin.api.visit.Visits

/** Drafts by revision, the estimate from [FakeScoring], and the finalize checklist from what is stored. */
class FakeVisits internal constructor(private val world: FakeWorld, private val photos: FakePhotos) : Visits {
    override suspend fun form(): FactForm = world.scoring.formOf(world.scorecard)

    override suspend fun facts(household: String): Map<String, FactValue> = world.household(household).facts

    override suspend fun saveDraft(household: String, facts: Map<String, FactValue>): DraftSaved {
        val h = world.editable(household)
        val changed = (facts.keys + h.facts.keys).filter { facts[it] != h.facts[it] }.sorted()
        h.facts = facts
        // The revision is the visit's (as the core numbers it): the first draft opens revision 1.
        if (h.revision == 0) h.revision = 1
        world.edited(h, "draft", "保存草稿")
        return DraftSaved(h.revision, changed, FakeScoring.progressOf(form(), facts))
    }

    override suspend fun validate(factId: String, value: FactValue): FactCheck {
        val field = form().fields.firstOrNull { it.id == factId } ?: return FactCheck.Invalid(FactProblem.UnknownFact)
        return FakeScoring.problemOf(field, value)?.let { FactCheck.Invalid(it) } ?: FactCheck.Valid
    }

    override suspend fun progress(household: String): FormProgress = FakeScoring.progressOf(form(), world.household(household).facts)

    override suspend fun showEstimate(household: String): Estimate {
        val h = world.household(household)
        world.audit("estimate_shown", household)
        h.history += HistoryEntry(world.now(), world.operator, "estimate_shown", "向居民展示预估额度")
        return world.scoring.estimate(world.scorecard, household, h.facts)
    }

    override suspend fun finalizeChecklist(household: String): List<MissingItem> {
        val h = world.household(household)
        val progress = progress(household)
        return buildList {
            if (!progress.complete) add(MissingItem.Facts(progress.missingFacts, progress.invalidFacts))
            photos.checklist(household).filter { !it.present }.forEach { add(MissingItem.Photo(it.kind, it.member)) }
            ConsentKind.entries.filter { kind -> h.consents.none { it.kind == kind && it.signed } }.forEach { add(MissingItem.Consent(it)) }
            h.members.filter { !it.removed }.forEach { m ->
                val unchecked = m.fields.values.filter { it.value != null && it.check == FieldCheck.UNCHECKED }.map { it.name }
                if (unchecked.isNotEmpty()) add(MissingItem.RosterFields(m.index, unchecked))
            }
        }
    }

    override suspend fun finalize(household: String): Int {
        val h = world.editable(household)
        val missing = finalizeChecklist(household)
        if (missing.isNotEmpty()) throw CunxinFailure(FailureCode.NOT_ALLOWED_IN_STATE, "${missing.size} things are still missing: see the checklist")
        h.state = HouseholdState.FINALIZED
        h.history += HistoryEntry(world.now(), world.operator, "finalize", "定稿")
        world.audit("finalize", household)
        return h.revision
    }

    override suspend fun reopen(household: String, reason: String): Int {
        if (reason.isBlank()) throw CunxinFailure(FailureCode.INVALID_INPUT, "say why the visit is reopened")
        val h = world.household(household)
        if (h.state != HouseholdState.FINALIZED) throw CunxinFailure(FailureCode.NOT_ALLOWED_IN_STATE, "only a finalized visit can be reopened")
        h.revision++
        h.state = HouseholdState.IN_PROGRESS
        h.history += HistoryEntry(world.now(), world.operator, "reopen", "重新打开：$reason")
        world.audit("reopen", household)
        return h.revision
    }
}

