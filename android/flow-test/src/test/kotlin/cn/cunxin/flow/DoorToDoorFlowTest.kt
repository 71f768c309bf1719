package cn.cunxin.flow

import cn.cunxin.sampleday.await
import cn.cunxin.sampleday.presenterScope
import cn.cunxin.sampleday.realDispatchers
import cn.cunxin.api.households.FieldCheck
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.scoring.FactType
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.store.FieldStore
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.features.consents.ConsentsEvent
import cn.cunxin.features.consents.ConsentsPresenter
import cn.cunxin.features.consents.Point
import cn.cunxin.features.estimate.EstimatePresenter
import cn.cunxin.features.facts.FactsEvent
import cn.cunxin.features.facts.FactsPresenter
import cn.cunxin.features.finalize.FinalizeEvent
import cn.cunxin.features.finalize.FinalizePresenter
import cn.cunxin.features.household.HouseholdDialog
import cn.cunxin.features.household.HouseholdEvent
import cn.cunxin.features.household.HouseholdPresenter
import cn.cunxin.features.photos.PhotosEvent
import cn.cunxin.features.photos.PhotosPresenter
import cn.cunxin.features.photos.Slot
import cn.cunxin.features.unlock.UnlockEvent
import cn.cunxin.features.unlock.UnlockPresenter
import cn.cunxin.features.unlock.UnlockState
import cn.cunxin.features.worklist.WorkListEvent
import cn.cunxin.features.worklist.WorkListPresenter
import cn.cunxin.api.Cunxin
import cn.cunxin.impl.CoreCunxin
import cn.cunxin.test.fakes.FakeCunxin
import cn.cunxin.test.builders.aCameraJpeg
import cn.cunxin.test.builders.validId
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

/**
 * A whole visit through the screens' presenters against the real core: unlock (create), import
 * the sample village's roster, find 王长明 by pinyin initials, verify and correct fields, add a
 * member, enter the facts, kill the app and reopen it mid-visit, photos with one retake and one
 * kept with a reason, both consents, the estimate, finalize.
 */
abstract class DoorToDoorFlow {
    @TempDir
    lateinit var dir: File

    abstract val cunxin: Cunxin
    private val passphrase = "村信测试口令2026"
    private val roster = File(System.getProperty("user.dir"), "../../tests/fixtures/sample-village/roster.csv").canonicalFile

    private suspend fun unlock(storeDir: String, expect: UnlockState.Mode): Pair<FieldStore, PassphraseCheck> {
        val opened = CompletableDeferred<Pair<FieldStore, PassphraseCheck>>()
        val scope = presenterScope()
        val unlock = UnlockPresenter(cunxin.stores, storeDir, { s, c -> opened.complete(s to c) }, scope, realDispatchers)
        unlock.await("the unlock screen in $expect mode") { it.mode == expect }
        unlock.onEvent(UnlockEvent.PassphraseChanged(passphrase))
        unlock.onEvent(UnlockEvent.Submit)
        return withTimeout(20_000) { opened.await() }.also { scope.cancel() }
    }

    @Test
    fun `a door-to-door visit on the real core, killed and reopened mid-visit, ends finalized`() = runBlocking {
        assertTrue(roster.isFile, "the sample village's roster is at $roster")
        val storeDir = File(dir, "store").path
        var (store, check) = unlock(storeDir, UnlockState.Mode.CREATE)
        store.signIn("网格员王五")
        var scope = presenterScope()

        // The work list: import the roster, then find the household by pinyin initials.
        val list = WorkListPresenter(store.households, store.batches, MutableStateFlow(false), { roster.path }, {}, scope, realDispatchers)
        list.await("the empty list") { !it.loading }
        list.onEvent(WorkListEvent.PickRoster)
        val imported = list.await("the import report") { it.imported != null }.imported!!
        assertTrue(imported.inserted > 0, imported.toString())
        list.onEvent(WorkListEvent.QueryChanged("wcm"))
        val hit = list.await("a hit for wcm") { it.hitsQuery == "wcm" }.hits.first()
        val id = hit.household.id
        assertEquals("王*明", hit.household.headNameMasked)

        // The household: verify, correct (the original kept), add a member.
        val household = HouseholdPresenter(id, store, {}, scope, realDispatchers)
        val before = household.await("the household") { it.detail != null }.detail!!
        household.onEvent(HouseholdEvent.Verify(0, RosterFieldName.NAME))
        household.await("the name verified") { s -> s.detail!!.members[0].fields.first { it.name == RosterFieldName.NAME }.check == FieldCheck.VERIFIED }
        val phone = before.members[0].fields.first { it.name == RosterFieldName.PHONE }
        household.onEvent(HouseholdEvent.Open(HouseholdDialog.Correct(0, RosterFieldName.PHONE, phone.value, "13900001111", "电话已换")))
        household.onEvent(HouseholdEvent.Confirm)
        val corrected = household.await("the phone corrected") { s -> s.detail!!.members[0].fields.first { it.name == RosterFieldName.PHONE }.check == FieldCheck.CORRECTED }
            .detail!!.members[0].fields.first { it.name == RosterFieldName.PHONE }
        assertEquals("13900001111" to phone.value, corrected.value to corrected.original)
        household.onEvent(HouseholdEvent.Open(HouseholdDialog.AddMember("王小红", validId("41030320180304124"), "孙女", reason = "新生儿落户")))
        household.onEvent(HouseholdEvent.Confirm)
        household.await("the new member") { s -> s.detail!!.members.count { !it.removed } == before.members.count { !it.removed } + 1 }

        // The facts, every required one, each saved as typed.
        val facts = FactsPresenter(id, store.visits, scope, realDispatchers)
        val form = facts.await("the form") { it.form != null }.form!!
        form.fields.filter { it.required }.forEach { field ->
            when (field.type) {
                FactType.INTEGER -> facts.onEvent(FactsEvent.Typed(field.id, (maxOf(field.min ?: 1.0, minOf(40.0, field.max ?: 40.0))).toLong().toString()))
                FactType.NUMBER -> facts.onEvent(FactsEvent.Typed(field.id, "60000"))
                FactType.BOOLEAN -> facts.onEvent(FactsEvent.Chosen(field.id, FactValue.Bool(!field.id.contains("bad"))))
                FactType.OPTION -> facts.onEvent(FactsEvent.Chosen(field.id, FactValue.Choice(field.options.first().code)))
                FactType.OPTION_LIST -> facts.onEvent(FactsEvent.Chosen(field.id, FactValue.Choices(emptyList())))
                FactType.LEVELS -> facts.onEvent(FactsEvent.Chosen(field.id, FactValue.Levels(emptyMap())))
            }
        }
        val filled = facts.await("every fact saved") { it.progress?.missingFacts?.isEmpty() == true && !it.saving }.values

        // Kill the app mid-visit: close the store, drop every presenter, unlock again.
        scope.cancel()
        store.close()
        unlock(storeDir, UnlockState.Mode.UNLOCK).let { (s, c) -> store = s; check = c }
        scope = presenterScope()
        val again = FactsPresenter(id, store.visits, scope, realDispatchers).await("the facts after reopening") { it.form != null }
        assertEquals(filled, again.values, "every fact is back after the restart")
        val reopened = HouseholdPresenter(id, store, {}, scope, realDispatchers).await("the household after reopening") { it.detail != null }.detail!!
        assertEquals("13900001111", reopened.members[0].fields.first { it.name == RosterFieldName.PHONE }.value)

        // Photos: every required one; the first retaken after a dark shot, another kept with a reason.
        var seed = 0
        val shots = ArrayDeque<Pair<Boolean, Int>>()
        val camera = cn.cunxin.features.photos.Camera { _, _ ->
            val (dark, n) = shots.removeFirst()
            File(dir, "camera-$n.jpg").apply { writeBytes(aCameraJpeg(n, dark)) }.path
        }
        val photos = PhotosPresenter(id, store.photos, camera, "网格员王五", scope, realDispatchers)
        val required = photos.await("the checklist") { !it.loading }.checklist
        assertTrue(required.isNotEmpty())
        required.forEachIndexed { i, item ->
            val slot = Slot(item.kind, item.member)
            when (i) {
                0 -> {
                    shots += true to seed++
                    photos.onEvent(PhotosEvent.Capture(slot))
                    photos.await("the dark photo flagged") { it.flagged != null }
                    shots += false to seed++
                    photos.onEvent(PhotosEvent.Retake)
                }
                1 -> {
                    shots += true to seed++
                    photos.onEvent(PhotosEvent.Capture(slot))
                    photos.await("the second dark photo flagged") { it.flagged != null }
                    photos.onEvent(PhotosEvent.ReasonChanged("屋内光线暗，已开灯"))
                    photos.onEvent(PhotosEvent.Keep)
                }
                else -> {
                    shots += false to seed++
                    photos.onEvent(PhotosEvent.Capture(slot))
                }
            }
            photos.await("${item.kind} stored") { s -> s.capturing == null && s.flagged == null && s.photoFor(slot) != null }
        }
        val afterPhotos = photos.await("every thumbnail") { s -> s.checklist.all { it.present } && s.photos.all { it.id in s.thumbnails } }
        assertEquals("屋内光线暗，已开灯", afterPhotos.photoFor(Slot(required[1].kind, required[1].member))?.overrideReason)

        // Both consents, each signed on the pad.
        val consents = ConsentsPresenter(id, store.consents, "王长明", "王庄村", scope = scope, dispatchers = realDispatchers)
        consents.await("the texts") { !it.loading }
        for (kind in cn.cunxin.api.consents.ConsentKind.entries) {
            consents.onEvent(ConsentsEvent.Choose(kind))
            consents.onEvent(ConsentsEvent.StrokeStarted(Point(30f, 120f)))
            (1..30).forEach { consents.onEvent(ConsentsEvent.StrokeExtended(Point(30f + it * 12f, 120f - (it % 7) * 9f))) }
            consents.onEvent(ConsentsEvent.Sign)
            consents.await("$kind signed") { it.record(kind)?.signed == true }
        }

        // The estimate shown to the resident.
        val estimate = EstimatePresenter(id, store.visits, check, {}, scope, realDispatchers).await("the estimate") { !it.loading }
        assertNotNull(estimate.estimate, estimate.failure?.toString())

        // Finalize: verify what is still unchecked, then nothing is missing.
        val detail = store.households.detail(id)
        detail.members.filter { !it.removed }.forEach { m ->
            m.fields.filter { it.value != null && it.check == FieldCheck.UNCHECKED }.forEach { store.households.verify(id, m.index, it.name) }
        }
        val finalize = FinalizePresenter(id, store, {}, scope, realDispatchers)
        val ready = finalize.await("the checklist") { !it.loading }
        assertTrue(ready.missing.isEmpty(), "still missing: ${ready.missing}")
        finalize.onEvent(FinalizeEvent.Finalize)
        finalize.await("finalized") { it.state == HouseholdState.FINALIZED }
        assertTrue(store.verifyAuditChain().intact)
        scope.cancel()
        store.close()
    }
}

/** The flow on the real core, through impl and the Rust library. */
class CoreDoorToDoorFlowTest : DoorToDoorFlow() {
    override val cunxin: Cunxin = CoreCunxin()
}

/** The same flow on the fakes: what the presenter tests rely on holds for a whole visit. */
class FakeDoorToDoorFlowTest : DoorToDoorFlow() {
    override val cunxin: Cunxin = FakeCunxin()
}
