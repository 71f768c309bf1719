package cn.cunxin.features.panel

import cn.cunxin.api.panel.PanelRole

/** The panel's states worth seeing, each what the presenter holds after the steps the panel takes on a fake store. */
object PanelStateProvider {
    private fun after(steps: PanelPresenter.() -> Unit): PanelState = eagerPresenter(panelStore()).apply(steps).state.value

    val states: List<Pair<String, PanelState>> by lazy {
        listOf(
            "seat" to after {
                onEvent(PanelEvent.NameChanged("李建国"))
                onEvent(PanelEvent.RoleChosen(PanelRole.VILLAGE_CADRE))
            },
            "rating" to after {
                memberRates("李建国", PanelRole.VILLAGE_CADRE)
                onEvent(PanelEvent.DraftChanged(RatingDraft(business = 4, income = "60000", integrity = 5, limit = "48000", note = "养殖户，按时还款")))
            },
            "abstaining" to after {
                memberRates("王秀英", PanelRole.RESIDENT_REPRESENTATIVE, 45_000)
                onEvent(PanelEvent.DraftChanged(RatingDraft(abstains = true, note = "是我亲戚，回避")))
            },
            "handover" to after {
                memberRates("李建国", PanelRole.VILLAGE_CADRE, 48_000, 20_000)
            },
            "refused" to after {
                memberRates("李建国", PanelRole.VILLAGE_CADRE, 48_000, 20_000)
                onEvent(PanelEvent.NextMember)
                memberRates("王秀英", PanelRole.RESIDENT_REPRESENTATIVE)
                onEvent(PanelEvent.SeeResult)
            },
            "agreed" to after {
                memberRates("李建国", PanelRole.VILLAGE_CADRE, 48_000, 48_000)
                onEvent(PanelEvent.NextMember)
                memberRates("王秀英", PanelRole.RESIDENT_REPRESENTATIVE, 45_000, 50_000)
                onEvent(PanelEvent.NextMember)
                memberRates("赵明", PanelRole.BANK_MANAGER, 50_000, 46_000)
                managerOpensResults()
            },
            "gap" to after {
                threeMembersRate()
                managerOpensResults()
                onEvent(PanelEvent.DecisionChanged("H002", Decision(reason = "", amount = "30000")))
                onEvent(PanelEvent.Decide("H002"))
            },
            "reasoned" to after {
                threeMembersRate()
                managerOpensResults()
                onEvent(PanelEvent.DecisionChanged("H002", Decision(reason = "去年遭灾减产，评议人了解实际还款能力", amount = "30000")))
                onEvent(PanelEvent.Decide("H002"))
            },
        )
    }
}
