package cn.cunxin.impl.panel

import cn.cunxin.api.panel.MemberRating
import cn.cunxin.api.panel.PanelResult
import cn.cunxin.api.panel.ReviewPanel
import cn.cunxin.api.scoring.LimitProposal
import cn.cunxin.impl.notInCoreYet
import cn.cunxin.ffi.Store as FfiStore

internal class CoreReviewPanel(@Suppress("unused") private val store: FfiStore) : ReviewPanel {
    override suspend fun submit(household: String, rating: MemberRating) = notInCoreYet("recording a panel rating")

    override suspend fun ratedBy(household: String): List<String> = notInCoreYet("the panel's members who rated")

    override suspend fun result(household: String, asMember: String?): PanelResult = notInCoreYet("the panel's result")

    override suspend fun decide(household: String, amountYuan: Long, reason: String): LimitProposal =
        notInCoreYet("the reconciliation decision")
}
