package cn.cunxin.api.visit

import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.scoring.FactForm
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.scoring.FormProgress

/**
 * The visit of one household: the facts form rendered from the store's active scorecard, saved
 * on every edit; the estimate shown at the door; what is still missing; finalize and reopen.
 */
interface Visits {
    /** The facts form of the scorecard in use (see [cn.cunxin.api.settings.StoreSettings.scorecard]). */
    suspend fun form(): FactForm

    /** The household's saved facts (draft or final), fact id → value; empty before the first edit. */
    suspend fun facts(household: String): Map<String, FactValue>

    /**
     * Saves one edit of the form (the whole set of values entered so far) as the draft. Call it on
     * every change; it takes well under a millisecond and returns the form's progress.
     */
    suspend fun saveDraft(household: String, facts: Map<String, FactValue>): DraftSaved

    /** Checks one value against its declaration, as the grid manager types. */
    suspend fun validate(factId: String, value: FactValue): FactCheck

    /** What is still needed and the points so far, for the live progress. */
    suspend fun progress(household: String): FormProgress

    /** Scores the saved facts, records the estimate as shown to the resident, and returns it. */
    suspend fun showEstimate(household: String): Estimate

    /** What is still missing before the visit can be finalized; empty when it can. */
    suspend fun finalizeChecklist(household: String): List<MissingItem>

    /** Makes the visit final (atomic, on disk when this returns); returns its revision. */
    suspend fun finalize(household: String): Int

    /** Opens a finalized (or returned) visit again for a correction with an audited reason; returns the new draft's revision. */
    suspend fun reopen(household: String, reason: String): Int
}

/** [changedFields] names the facts that changed, never their values. */
data class DraftSaved(val revision: Int, val changedFields: List<String>, val progress: FormProgress)

sealed interface FactCheck {
    data object Valid : FactCheck

    data class Invalid(val problem: FactProblem) : FactCheck
}

/** Why a value does not fit its field; the screen words it with the field's label. */
sealed interface FactProblem {
    /** The scorecard in use has no such fact (the form is out of date). */
    data object UnknownFact : FactProblem

    /** Not the field's kind of value (a number, yes/no, an option …). */
    data object WrongType : FactProblem

    data object NotWhole : FactProblem

    data class BelowMin(val min: String) : FactProblem

    data class AboveMax(val max: String) : FactProblem

    data class NotAnOption(val option: String) : FactProblem
}

/** One thing that stops finalizing; each item is a link to the screen that fixes it. */
sealed interface MissingItem {
    /** Facts not entered yet (or wrong), by fact id. */
    data class Facts(val missing: List<String>, val invalid: List<String>) : MissingItem

    /** A required photo kind; [member] is the member's index for ID photos and portraits. */
    data class Photo(val kind: cn.cunxin.api.photos.PhotoKind, val member: Int?) : MissingItem

    data class Consent(val kind: cn.cunxin.api.consents.ConsentKind) : MissingItem

    /** The estimate was never shown to the resident with the facts complete. */
    data object Estimate : MissingItem

    /** The panel's review, or a reason for a large gap between the model and the panel. */
    data class Panel(val needsReason: Boolean) : MissingItem

    /** Roster fields of a member not verified or corrected yet. */
    data class RosterFields(val member: Int, val fields: List<cn.cunxin.api.households.RosterFieldName>) : MissingItem
}
