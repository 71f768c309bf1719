package cn.cunxin.features.panel

import cn.cunxin.api.panel.PanelRole
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.fakes.FakeFieldStore
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers

/** The grid manager's passphrase in these tests. */
const val MANAGER_PASSPHRASE = "lao-wang-2026"

/** Two households of 王庄村 whose model limit is the fake's 50,000 yuan. */
fun panelStore(): FakeFieldStore = FakeFieldStore().apply {
    add(aHousehold("H001", group = "一组"))
    add(aHousehold("H002", group = "二组"))
}

fun managerCheck(): PassphraseCheck = PassphraseCheck.of(MANAGER_PASSPHRASE.toCharArray())

/** A presenter that runs each event to its end before the next (the fake never suspends). */
fun eagerPresenter(store: FakeFieldStore): PanelPresenter {
    val now = Dispatchers.Unconfined
    return PanelPresenter(store, managerCheck(), CoroutineScope(now), CoroutineDispatchers(now, now, now))
}

/** One member's whole turn: seat, then each household's limit in order (null abstains). */
fun PanelPresenter.memberRates(name: String, role: PanelRole, vararg limits: Long?) {
    onEvent(PanelEvent.NameChanged(name))
    onEvent(PanelEvent.RoleChosen(role))
    onEvent(PanelEvent.StartRating)
    limits.forEach { limit ->
        val draft = if (limit == null) RatingDraft(abstains = true, note = "不熟悉这户")
        else RatingDraft(business = 4, income = "60000", integrity = 5, limit = limit.toString())
        onEvent(PanelEvent.DraftChanged(draft))
        onEvent(PanelEvent.Submit)
    }
}

/** Three members (the fewest the panel's limit needs): H001 near the model's 50,000, H002 far below it. */
fun PanelPresenter.threeMembersRate() {
    memberRates("李建国", PanelRole.VILLAGE_CADRE, 48_000, 20_000)
    onEvent(PanelEvent.NextMember)
    memberRates("王秀英", PanelRole.RESIDENT_REPRESENTATIVE, 45_000, 18_000)
    onEvent(PanelEvent.NextMember)
    memberRates("赵明", PanelRole.BANK_MANAGER, 50_000, 22_000)
}

fun PanelPresenter.managerOpensResults() {
    onEvent(PanelEvent.PassphraseChanged(MANAGER_PASSPHRASE))
    onEvent(PanelEvent.ShowResults)
}
