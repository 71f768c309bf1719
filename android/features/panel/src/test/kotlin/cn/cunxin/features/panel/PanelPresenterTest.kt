package cn.cunxin.features.panel

import cn.cunxin.api.FailureCode
import cn.cunxin.api.panel.MemberRating
import cn.cunxin.api.panel.PanelRole
import cn.cunxin.api.scoring.ReconcileFlag
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class PanelPresenterTest {
    private val store = panelStore()
    private val panel = eagerPresenter(store)

    @Test
    fun `a member rates each household in turn and the hand-over keeps nothing of the ratings`() = runBlocking {
        assertEquals("王庄村", panel.state.value.village)
        panel.memberRates("李建国", PanelRole.VILLAGE_CADRE, 48_000)
        assertEquals(PanelStep.RATING, panel.state.value.step)
        assertEquals("H002", panel.state.value.rating?.id, "the next household, with an empty draft")
        assertEquals(RatingDraft(), panel.state.value.draft)

        panel.onEvent(PanelEvent.DraftChanged(RatingDraft(business = 3, income = "40000", integrity = 4, limit = "20000", note = "新开小卖部")))
        panel.onEvent(PanelEvent.Submit)
        val handOver = panel.state.value
        assertEquals(PanelStep.HAND_OVER, handOver.step)
        assertEquals(1, handOver.membersDone)
        assertEquals("" to null, handOver.memberName to handOver.role)
        assertTrue(handOver.results.isEmpty() && handOver.toRate.isEmpty() && handOver.draft == RatingDraft())
        assertEquals(listOf("李建国"), store.panel.ratedBy("H002"))
        val sent = store.panel.result("H002", "李建国").committee
        assertEquals(20_000L to 20_000L, sent.lowestYuan to sent.highestYuan)
    }

    @Test
    fun `a member asking for the result before rating is refused plainly and shown nothing`() {
        panel.memberRates("李建国", PanelRole.VILLAGE_CADRE)
        panel.onEvent(PanelEvent.SeeResult)
        val refused = panel.state.value
        assertEquals(PanelProblem.RESULT_BEFORE_RATING, refused.problem)
        assertNull(refused.failure, "a refusal the member can act on, not a failure")
        assertTrue(refused.results.isEmpty())
        assertEquals(PanelStep.RATING, refused.step)
    }

    @Test
    fun `a draft without a limit, an integrity or whole yuan is caught before the core, and an abstention carries no values`() = runBlocking {
        panel.memberRates("王秀英", PanelRole.RESIDENT_REPRESENTATIVE)
        val tries = listOf(
            RatingDraft(integrity = 4) to PanelProblem.LIMIT_NEEDED,
            RatingDraft(limit = "30000") to PanelProblem.INTEGRITY_NEEDED,
            RatingDraft(integrity = 4, limit = "3万") to PanelProblem.NOT_WHOLE_YUAN,
            RatingDraft(integrity = 4, limit = "30000", income = "-5") to PanelProblem.NOT_WHOLE_YUAN,
        )
        tries.forEach { (draft, problem) ->
            panel.onEvent(PanelEvent.DraftChanged(draft))
            panel.onEvent(PanelEvent.Submit)
            assertEquals(problem, panel.state.value.problem, "$draft")
        }
        assertTrue(store.panel.ratedBy("H001").isEmpty())

        val abstains = RatingDraft(business = 4, integrity = 4, limit = "30000", abstains = true, note = "亲属回避")
        assertEquals(MemberRating("王秀英", PanelRole.RESIDENT_REPRESENTATIVE, null, null, null, null, "亲属回避"), abstains.toRating("王秀英", PanelRole.RESIDENT_REPRESENTATIVE))
        panel.onEvent(PanelEvent.DraftChanged(abstains))
        panel.onEvent(PanelEvent.Submit)
        assertEquals("H002", panel.state.value.rating?.id)
        val committee = store.panel.result("H001", "王秀英").committee
        assertEquals(1, committee.abstentions)
        assertNull(committee.lowestYuan, "no limit given")
    }

    @Test
    fun `a member who comes back skips what they rated, and one who rated everything cannot rate again`() {
        panel.memberRates("赵明", PanelRole.BANK_MANAGER, 50_000)
        val resumed = eagerPresenter(store)
        resumed.memberRates("赵明", PanelRole.BANK_MANAGER)
        assertEquals(listOf("H002"), resumed.state.value.toRate.map { it.id })

        resumed.memberRates("赵明", PanelRole.BANK_MANAGER, 22_000)
        val again = eagerPresenter(store)
        again.memberRates("赵明", PanelRole.BANK_MANAGER)
        assertEquals(PanelStep.SEAT, again.state.value.step)
        assertEquals(PanelProblem.ALREADY_RATED_ALL, again.state.value.problem)
    }

    @Test
    fun `no seat without a name and a role`() {
        panel.onEvent(PanelEvent.NameChanged("  "))
        panel.onEvent(PanelEvent.RoleChosen(PanelRole.GROUP_LEADER))
        panel.onEvent(PanelEvent.StartRating)
        assertEquals(PanelStep.SEAT to PanelProblem.SEAT_NEEDED, panel.state.value.step to panel.state.value.problem)
    }

    @Test
    fun `the results open only to the grid manager's passphrase`() {
        panel.threeMembersRate()
        panel.onEvent(PanelEvent.PassphraseChanged("guess"))
        panel.onEvent(PanelEvent.ShowResults)
        assertEquals(PanelStep.HAND_OVER to PanelProblem.PASSPHRASE_WRONG, panel.state.value.step to panel.state.value.problem)
        assertEquals("", panel.state.value.passphrase, "a wrong passphrase is not kept")
        assertTrue(panel.state.value.results.isEmpty())

        panel.managerOpensResults()
        val results = panel.state.value
        assertEquals(PanelStep.RESULTS, results.step)
        assertEquals(48_000L to ReconcileFlag.AGREED, results.results.getValue("H001").let { it.committee.limitYuan to it.proposal?.flag })
        val gap = results.results.getValue("H002").proposal!!
        assertEquals(listOf(50_000L, 20_000L, 600L), listOf(gap.modelLimitYuan, gap.committeeLimitYuan, gap.gapPermille))
        assertEquals(ReconcileFlag.NEEDS_REASON, gap.flag)
    }

    @Test
    fun `a large gap is refused without a reason and decided with one`() = runBlocking {
        panel.threeMembersRate()
        panel.managerOpensResults()
        panel.onEvent(PanelEvent.DecisionChanged("H002", Decision(reason = "  ", amount = "30000")))
        panel.onEvent(PanelEvent.Decide("H002"))
        assertEquals(PanelProblem.REASON_NEEDED to "H002", panel.state.value.problem to panel.state.value.problemHousehold)
        assertEquals(ReconcileFlag.NEEDS_REASON, store.panel.result("H002", null).proposal?.flag)

        panel.onEvent(PanelEvent.DecisionChanged("H002", Decision(reason = "去年遭灾减产", amount = "30000")))
        panel.onEvent(PanelEvent.Decide("H002"))
        val decided = panel.state.value.results.getValue("H002")
        assertEquals(ReconcileFlag.REASONED to 30_000L, decided.proposal?.flag to decided.proposal?.proposedLimitYuan)
        assertEquals("去年遭灾减产", decided.decisionReason)
        assertNull(panel.state.value.problem)
    }

    @Test
    fun `a decision the core refuses shows its code on that household`() {
        panel.threeMembersRate()
        panel.managerOpensResults()
        panel.onEvent(PanelEvent.DecisionChanged("H001", Decision(reason = "想多给一点", amount = "50000")))
        panel.onEvent(PanelEvent.Decide("H001"))
        assertEquals(FailureCode.NOT_ALLOWED_IN_STATE to "H001", panel.state.value.failure?.code to panel.state.value.problemHousehold)
        assertEquals(ReconcileFlag.AGREED, panel.state.value.results.getValue("H001").proposal?.flag)
    }
}
