package cn.cunxin.impl.panel

import cn.cunxin.api.panel.MemberRating
import cn.cunxin.api.panel.PanelResult
import cn.cunxin.api.panel.ReviewPanel
import cn.cunxin.api.scoring.LimitProposal
import cn.cunxin.core.GapDecision
import cn.cunxin.core.ReconcileFlag
import cn.cunxin.core.Rating
import cn.cunxin.impl.core
import cn.cunxin.api.panel.PanelRole
import cn.cunxin.core.PanelRole as CorePanelRole
import cn.cunxin.impl.scoring.toApi
import cn.cunxin.impl.settings.CoreStoreSettings
import cn.cunxin.ffi.Store as FfiStore

/** The panel's calls over the core. */
internal class CoreReviewPanel(private val store: FfiStore, private val settings: CoreStoreSettings) : ReviewPanel {
    override suspend fun submit(household: String, rating: MemberRating) {
        val coreRating = Rating(
            member = rating.member,
            role = rating.role.toCore(),
            suggestedLimitYuan = rating.suggestedLimitYuan,
            integrity = rating.integrity?.toUByte(),
            business = rating.business?.toUByte(),
            estimatedIncomeYuan = rating.estimatedIncomeYuan,
            note = rating.note,
        )
        core { store.submitRating(household, coreRating) }
    }

    override suspend fun ratedBy(household: String): List<String> = core { store.panelRatedBy(household) }

    override suspend fun result(household: String, asMember: String?): PanelResult {
        val result = core { store.panelResult(household, asMember) }
        val reconciliation = result.reconciliation
        return PanelResult(
            committee = result.committee.toApi(),
            proposal = reconciliation?.toApi(),
            decisionReason = reconciliation?.takeIf { it.flag == ReconcileFlag.REASONED }?.reason,
        )
    }

    override suspend fun decide(household: String, amountYuan: Long, reason: String): LimitProposal {
        val scorecard = settings.scorecard()
        return core { store.decideGap(household, GapDecision(reason, amountYuan), scorecard) }.toApi()
    }
}

private fun PanelRole.toCore(): CorePanelRole = when (this) {
    PanelRole.VILLAGE_CADRE -> CorePanelRole.VILLAGE_CADRE
    PanelRole.GROUP_LEADER -> CorePanelRole.GROUP_LEADER
    PanelRole.RESIDENT_REPRESENTATIVE -> CorePanelRole.RESIDENT_REPRESENTATIVE
    PanelRole.BANK_MANAGER -> CorePanelRole.BANK_MANAGER
}
