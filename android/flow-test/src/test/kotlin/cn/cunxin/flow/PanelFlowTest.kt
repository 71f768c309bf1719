package cn.cunxin.flow

import cn.cunxin.sampleday.await
import cn.cunxin.sampleday.presenterScope
import cn.cunxin.sampleday.realDispatchers
import cn.cunxin.api.panel.PanelRole
import cn.cunxin.api.scoring.ReconcileFlag
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.features.panel.Decision
import cn.cunxin.features.panel.PanelEvent
import cn.cunxin.features.panel.PanelPresenter
import cn.cunxin.features.panel.PanelProblem
import cn.cunxin.features.panel.PanelStep
import cn.cunxin.features.panel.RatingDraft
import cn.cunxin.impl.CoreCunxin
import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.handover.HandOverOutcome
import cn.cunxin.api.photos.PhotoCapture
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.photos.PhotoRequest
import cn.cunxin.api.store.FieldStore
import cn.cunxin.test.builders.aCameraJpeg
import cn.cunxin.test.builders.aSignaturePng
import cn.cunxin.test.platform.JdkHttpClient
import cn.cunxin.test.platform.ReferencePlatform
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import cn.cunxin.test.builders.aaLuquanFacts
import kotlinx.coroutines.cancel
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.security.SecureRandom

/**
 * The review panel through its presenter on the real core: one household estimated at the
 * model's 50,000 yuan, three members rate it back to back far below that (the core refuses the
 * result to a member before their rating), and the grid manager's reason and amount become the
 * core's reasoned proposal, which reaches the bank's platform (on loopback) with the household.
 */
class CorePanelFlowTest {
    @TempDir
    lateinit var dir: File

    @Test
    fun `three members rate far from the model, the grid manager gives the reason and amount, and the core proposes it`() = runBlocking {
        val key = ByteArray(32).also { SecureRandom().nextBytes(it) }
        val store = CoreCunxin().stores.create(File(dir, "store").path, key)
        val scope = presenterScope()
        var platform: ReferencePlatform? = null
        try {
            store.signIn("GM0412")
            store.households.importRoster(File(dir, "roster.csv").apply { writeText(ROSTER) }.path)
            store.visits.saveDraft("H001", aaLuquanFacts)
            assertEquals(50_000L, store.visits.showEstimate("H001").limitYuan)

            val panel = PanelPresenter(store, PassphraseCheck.of(PASSPHRASE.toCharArray()), scope, realDispatchers)
            panel.await("the village") { !it.loading }
            listOf(Triple("李建国", PanelRole.VILLAGE_CADRE, 20_000L), Triple("王秀英", PanelRole.RESIDENT_REPRESENTATIVE, 18_000L), Triple("赵明", PanelRole.BANK_MANAGER, 22_000L))
                .forEachIndexed { n, (name, role, limit) ->
                    panel.onEvent(PanelEvent.NameChanged(name))
                    panel.onEvent(PanelEvent.RoleChosen(role))
                    panel.onEvent(PanelEvent.StartRating)
                    panel.await("$name seated") { it.step == PanelStep.RATING && !it.working }
                    panel.onEvent(PanelEvent.SeeResult)
                    panel.await("the core's refusal before $name rated") { it.problem == PanelProblem.RESULT_BEFORE_RATING && !it.working }
                    panel.onEvent(PanelEvent.DraftChanged(RatingDraft(business = 3, income = "40000", integrity = 4, limit = limit.toString())))
                    panel.onEvent(PanelEvent.Submit)
                    val handOver = panel.await("$name's hand-over") { it.step == PanelStep.HAND_OVER && !it.working }
                    assertEquals(n + 1, handOver.membersDone)
                    assertNull(handOver.failure)
                    panel.onEvent(PanelEvent.NextMember)
                }
            assertEquals(listOf("李建国", "王秀英", "赵明"), store.panel.ratedBy("H001"))

            panel.onEvent(PanelEvent.PassphraseChanged(PASSPHRASE))
            panel.onEvent(PanelEvent.ShowResults)
            val results = panel.await("the results") { it.step == PanelStep.RESULTS && it.results.isNotEmpty() && !it.working }
            val gap = results.results.getValue("H001").proposal!!
            assertEquals(ReconcileFlag.NEEDS_REASON to 50_000L, gap.flag to gap.modelLimitYuan)
            assertEquals(20_000L, gap.committeeLimitYuan)

            panel.onEvent(PanelEvent.Decide("H001"))
            assertEquals(PanelProblem.REASON_NEEDED, panel.state.value.problem)
            panel.onEvent(PanelEvent.DecisionChanged("H001", Decision(REASON, "30000")))
            panel.onEvent(PanelEvent.Decide("H001"))
            val decided = panel.await("the decision") { it.results["H001"]?.proposal?.flag == ReconcileFlag.REASONED && !it.working }
            assertNull(decided.failure)

            val core = store.panel.result("H001", null)
            assertEquals(ReconcileFlag.REASONED to 30_000L, core.proposal?.flag to core.proposal?.proposedLimitYuan)
            assertEquals(REASON, core.decisionReason)

            // The visit finished and handed over: the bank's record carries the three ratings, the reason and the amount.
            finishVisit(store)
            platform = ReferencePlatform.start(File(dir, "bank"), store.settings.devicePublicKey()).also { it.configure(store) }
            store.batches.seal()
            val outcome = store.batches.handOver(JdkHttpClient()).single()
            assertEquals(listOf("H001"), (outcome as? HandOverOutcome.Received)?.uploaded, outcome.toString())
            val record = platform.households().accepted.single { it.householdId == "H001" }.record
            val reviews = record.getValue("committee_reviews").jsonArray.map { it.jsonObject.getValue("member").jsonPrimitive.content }
            assertEquals(listOf("李建国", "王秀英", "赵明"), reviews)
            val reconciliation = record.getValue("reconciliation").jsonObject
            assertEquals("reasoned", reconciliation.getValue("flag").jsonPrimitive.content)
            assertEquals(REASON, reconciliation.getValue("reason").jsonPrimitive.content)
            assertEquals(30_000L, reconciliation.getValue("proposed_limit_yuan").jsonPrimitive.long)
        } finally {
            scope.cancel()
            platform?.stop()
            store.close()
        }
    }

    /** The rest of the visit the checklist asks for: a house photo and the two consents, then finalize. */
    private suspend fun finishVisit(store: FieldStore) {
        val shot = File(dir, "IMG_1.jpg").apply { writeBytes(aCameraJpeg(21)) }.path
        val request = PhotoRequest(PhotoKind.HOUSE, "GM0412", "2026-11-22T10:32:05+08:00", 34.6197, 112.454)
        if (store.photos.take("H001", shot, request) is PhotoCapture.Retake) store.photos.take("H001", shot, request, overrideReason = "test photo")
        store.consents.sign("H001", ConsentKind.PERSONAL_INFO, "户主", "王庄村", aSignaturePng(1))
        store.consents.sign("H001", ConsentKind.CREDIT_INQUIRY, "户主", "王庄村", aSignaturePng(2))
        store.visits.finalize("H001")
    }

    private companion object {
        const val PASSPHRASE = "lao-wang-2026"
        const val REASON = "去年遭灾减产，评议人了解实际还款能力"
        val ROSTER = """
            乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息
            城关镇,王庄村,一组,410303199003071238,单乐,,H001,王庄村1号,,男,户主,汉,1990-03,
        """.trimIndent()
    }
}
