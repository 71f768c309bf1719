package cn.cunxin.features.household

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.consents.ConsentRecord
import cn.cunxin.api.households.HouseholdDetail
import cn.cunxin.api.households.NewMember
import cn.cunxin.api.photos.PhotoSummary
import cn.cunxin.api.photos.RequiredPhoto
import cn.cunxin.api.households.SideState
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.Presenter
import cn.cunxin.architecture.VisitStep
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

/**
 * One household: every roster field verified or corrected (the original kept beside it), members
 * added, removed or made head, the side states with their reasons, the evidence so far and the
 * history. Each confirmed change is saved by the core before the screen shows it.
 */
class HouseholdPresenter(
    household: String,
    private val store: FieldStore,
    private val onGo: (VisitStep) -> Unit,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
) : Presenter<HouseholdScreenState, HouseholdEvent>(HouseholdScreenState(household), scope, dispatchers) {
    private val id = household
    private val changes = Mutex()

    init {
        load()
    }

    override fun onEvent(event: HouseholdEvent) {
        when (event) {
            is HouseholdEvent.Verify -> change { store.households.verify(id, event.member, event.field) }
            is HouseholdEvent.Open, is HouseholdEvent.Edit -> {
                val dialog = (event as? HouseholdEvent.Open)?.dialog ?: (event as HouseholdEvent.Edit).dialog
                setState { it.copy(dialog = dialog, failure = null) }
            }
            HouseholdEvent.Confirm -> current.dialog?.let(::confirm)
            HouseholdEvent.Dismiss -> setState { it.copy(dialog = null, failure = null) }
            HouseholdEvent.BackToVisit -> change { store.households.setSideState(id, SideState.None) }
            is HouseholdEvent.Go -> onGo(event.step)
            HouseholdEvent.Refresh -> load()
        }
    }

    private fun confirm(dialog: HouseholdDialog) {
        val reasonNeeded = when (dialog) {
            is HouseholdDialog.Correct -> dialog.reason
            is HouseholdDialog.AddMember -> dialog.reason
            is HouseholdDialog.RemoveMember -> dialog.reason
            is HouseholdDialog.ChangeHead -> dialog.reason
            is HouseholdDialog.Side -> if (dialog.kind == HouseholdDialog.SideKind.DECLINED) "-" else dialog.reason
        }
        if (reasonNeeded.isBlank()) {
            setState { it.copy(failure = CunxinFailure(FailureCode.INVALID_INPUT, "a reason is needed")) }
            return
        }
        change(closeDialog = true) {
            when (dialog) {
                is HouseholdDialog.Correct -> store.households.correct(id, dialog.member, dialog.field, dialog.value.trim(), dialog.reason.trim())
                is HouseholdDialog.AddMember -> store.households.addMember(
                    id, NewMember(dialog.name.trim(), dialog.idNumber.trim(), dialog.relation.trim(), dialog.phone.trim().ifEmpty { null }, dialog.reason.trim()),
                )
                is HouseholdDialog.RemoveMember -> store.households.removeMember(id, dialog.member, dialog.reason.trim())
                is HouseholdDialog.ChangeHead -> store.households.changeHead(id, dialog.member, dialog.formerHeadRelation.trim().ifEmpty { "其他" }, dialog.reason.trim())
                is HouseholdDialog.Side -> store.households.setSideState(
                    id,
                    when (dialog.kind) {
                        HouseholdDialog.SideKind.NOT_HOME -> SideState.NotHome(dialog.reason.trim(), dialog.revisitAt.trim().ifEmpty { null })
                        HouseholdDialog.SideKind.DECLINED -> SideState.Declined(dialog.reason.trim().ifEmpty { null })
                        HouseholdDialog.SideKind.INELIGIBLE -> SideState.Ineligible(dialog.reason.trim())
                    },
                )
            }
        }
    }

    /**
     * Runs one saved change, then shows the household as the core now has it; a failure keeps the
     * dialog open. One change at a time: with quick taps (verify, verify …) a reload read before the
     * last change could otherwise land after it and show a field unchecked that is checked.
     */
    private fun change(closeDialog: Boolean = false, block: suspend () -> Unit) {
        launch {
            changes.withLock {
                when (val result = core { block() }) {
                    is CoreResult.Done -> {
                        if (closeDialog) setState { it.copy(dialog = null) }
                        reload()
                    }
                    is CoreResult.Failed -> setState { it.copy(failure = result.failure) }
                }
            }
        }
    }


    private fun load() {
        launch { reload() }
    }

    private suspend fun reload() {
        val loaded = core {
            Loaded(store.households.detail(id), store.photos.list(id), store.photos.checklist(id), store.consents.list(id))
        }
        when (loaded) {
            is CoreResult.Failed -> setState { it.copy(loading = false, failure = loaded.failure) }
            is CoreResult.Done -> {
                val l = loaded.value
                setState { it.copy(loading = false, detail = l.detail, photos = l.photos, checklist = l.checklist, consents = l.consents, failure = null) }
                val missing = l.photos.filter { it.id !in current.thumbnails }
                for (photo in missing) {
                    val bytes = core { store.photos.thumbnail(photo.id) }
                    if (bytes is CoreResult.Done) setState { it.copy(thumbnails = it.thumbnails + (photo.id to bytes.value)) }
                }
            }
        }
    }

    private data class Loaded(val detail: HouseholdDetail, val photos: List<PhotoSummary>, val checklist: List<RequiredPhoto>, val consents: List<ConsentRecord>)
}
