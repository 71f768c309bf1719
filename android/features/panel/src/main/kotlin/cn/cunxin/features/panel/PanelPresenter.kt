package cn.cunxin.features.panel

import cn.cunxin.api.FailureCode
import cn.cunxin.api.households.HouseholdLine
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.panel.PanelResult
import cn.cunxin.api.store.FieldStore
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.architecture.Presenter
import cn.cunxin.architecture.CoroutineDispatchers
import kotlinx.coroutines.CoroutineScope

/**
 * The review panel (授信评议) on one tablet, back to back: each member takes a seat, rates the
 * village's households in turn and hands the tablet on; the results open only to the grid
 * manager's passphrase ([managerCheck]), where a large gap gets its reason and amount.
 */
class PanelPresenter(
    private val store: FieldStore,
    private val managerCheck: PassphraseCheck,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
    /** The village to review; the store's first village when null. */
    village: String? = null,
) : Presenter<PanelState, PanelEvent>(PanelState(village = village), scope, dispatchers) {
    init {
        launch { load() }
    }

    override fun onEvent(event: PanelEvent) {
        when (event) {
            is PanelEvent.NameChanged -> setState { it.copy(memberName = event.name, problem = null) }
            is PanelEvent.RoleChosen -> setState { it.copy(role = event.role, problem = null) }
            PanelEvent.StartRating -> start()
            is PanelEvent.DraftChanged -> setState { it.copy(draft = event.draft, problem = null, failure = null) }
            PanelEvent.Submit -> submit()
            PanelEvent.SeeResult -> seeResult()
            PanelEvent.NextMember -> setState { PanelState(loading = false, village = it.village, households = it.households, membersDone = it.membersDone) }
            is PanelEvent.PassphraseChanged -> setState { it.copy(passphrase = event.passphrase, problem = null) }
            PanelEvent.ShowResults -> showResults()
            is PanelEvent.DecisionChanged -> setState { it.copy(decisions = it.decisions + (event.household to event.decision), problem = null, failure = null) }
            is PanelEvent.Decide -> decide(event.household)
        }
    }

    private suspend fun load() {
        val loaded = core {
            val village = current.village ?: store.villages.list().firstOrNull()
            // The core closes the review of a household declined, ineligible or finalized: only open ones are rated.
            village to store.households.list().filter { it.village == village && it.state in OPEN_FOR_REVIEW }
        }
        when (loaded) {
            is CoreResult.Failed -> setState { it.copy(loading = false, failure = loaded.failure) }
            is CoreResult.Done -> setState { it.copy(loading = false, village = loaded.value.first, households = loaded.value.second) }
        }
    }

    private fun start() {
        val state = current
        if (!state.canStart) {
            setState { it.copy(problem = PanelProblem.SEAT_NEEDED) }
            return
        }
        val member = state.memberName.trim()
        working {
            // A member who comes back (or shares a name) skips what they rated; each rates a household once.
            val left = core { state.households.filter { member !in store.panel.ratedBy(it.id) } }
            if (left is CoreResult.Done) {
                if (left.value.isEmpty()) setState { it.copy(problem = PanelProblem.ALREADY_RATED_ALL) }
                else setState { it.copy(step = PanelStep.RATING, memberName = member, toRate = left.value, position = 0, draft = RatingDraft()) }
            }
            left
        }
    }

    private fun submit() {
        val state = current
        val household = state.rating ?: return
        state.draft.problem?.let { p -> return setState { it.copy(problem = p) } }
        val role = state.role ?: return
        working {
            val sent = core { store.panel.submit(household.id, state.draft.toRating(state.memberName, role)) }
            if (sent is CoreResult.Done) setState {
                val next = it.position + 1
                if (next < it.toRate.size) it.copy(position = next, draft = RatingDraft())
                // The last household: the hand-over screen, with nothing of this member's ratings kept.
                else it.copy(step = PanelStep.HAND_OVER, membersDone = it.membersDone + 1, toRate = emptyList(), position = 0, draft = RatingDraft(), memberName = "", role = null)
            }
            sent
        }
    }

    private fun seeResult() {
        val state = current
        val household = state.rating ?: return
        working {
            val asked = core { store.panel.result(household.id, state.memberName) }
            // Back to back: the core refuses before this member's own rating; say so plainly, not as a failure.
            if (asked is CoreResult.Failed && asked.failure.code == FailureCode.NOT_ALLOWED_IN_STATE) {
                setState { it.copy(problem = PanelProblem.RESULT_BEFORE_RATING) }
                CoreResult.Done(Unit)
            } else asked
        }
    }

    private fun showResults() {
        if (!managerCheck.matches(current.passphrase.toCharArray())) {
            setState { it.copy(passphrase = "", problem = PanelProblem.PASSPHRASE_WRONG) }
            return
        }
        setState { it.copy(passphrase = "", step = PanelStep.RESULTS) }
        working { reloadResults() }
    }

    private suspend fun reloadResults(): CoreResult<Map<String, PanelResult>> {
        val households: List<HouseholdLine> = current.households
        val loaded = core { households.associate { it.id to store.panel.result(it.id, null) } }
        if (loaded is CoreResult.Done) setState { it.copy(results = loaded.value) }
        return loaded
    }

    private fun decide(household: String) {
        val decision = current.decisions[household] ?: Decision()
        val problem = when {
            decision.reason.isBlank() -> PanelProblem.REASON_NEEDED
            !decision.amount.isWholeYuan() -> PanelProblem.NOT_WHOLE_YUAN
            else -> null
        }
        if (problem != null) return setState { it.copy(problem = problem, problemHousehold = household) }
        setState { it.copy(problemHousehold = household) }
        working {
            val decided = core { store.panel.decide(household, decision.amount.trim().toLong(), decision.reason.trim()) }
            if (decided is CoreResult.Done) reloadResults() else decided
        }
    }

    /** One call at a time; a failure the core gives is shown with its code's sentence. */
    private fun working(block: suspend () -> CoreResult<*>) {
        if (current.working) return
        setState { it.copy(working = true, failure = null, problem = null) }
        launch {
            val result = block()
            setState { it.copy(working = false, failure = (result as? CoreResult.Failed)?.failure) }
        }
    }

    private companion object {
        val OPEN_FOR_REVIEW = setOf(HouseholdState.IMPORTED, HouseholdState.REVIEWED, HouseholdState.IN_PROGRESS, HouseholdState.NOT_HOME)
    }
}
