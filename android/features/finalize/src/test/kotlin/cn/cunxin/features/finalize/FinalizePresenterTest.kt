package cn.cunxin.features.finalize

import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.households.FieldCheck
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.visit.MissingItem
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.VisitStep
import cn.cunxin.test.builders.aCameraFile
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.builders.aPhotoRequest
import cn.cunxin.test.fakes.FakeFieldStore
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

@OptIn(ExperimentalCoroutinesApi::class)
class FinalizePresenterTest {
    /** A household of one adult, so the checklist stays short. */
    private val store = FakeFieldStore().apply { add(aHousehold("H001", members = listOf(Triple("王长明", "410303197003071239", "户主")))) }
    private val went = mutableListOf<VisitStep>()

    @TempDir
    lateinit var dir: File

    private fun TestScope.presenter(): FinalizePresenter {
        val d = StandardTestDispatcher(testScheduler)
        return FinalizePresenter("H001", store, { went += it }, backgroundScope, CoroutineDispatchers(d, d, d)).also { runCurrent() }
    }

    private suspend fun completeVisit() {
        val form = store.visits.form()
        store.visits.saveDraft("H001", form.fields.filter { it.required }.associate { f ->
            f.id to when (f.type) {
                cn.cunxin.api.scoring.FactType.BOOLEAN -> FactValue.Bool(true)
                cn.cunxin.api.scoring.FactType.OPTION -> FactValue.Choice(f.options.first().code)
                cn.cunxin.api.scoring.FactType.INTEGER -> FactValue.Integer((f.min ?: 1.0).toLong() + 1)
                else -> FactValue.Number(1000.0)
            }
        })
        listOf(PhotoKind.HOUSE to null, PhotoKind.ID_FRONT to 0, PhotoKind.ID_BACK to 0, PhotoKind.PORTRAIT to 0).forEachIndexed { i, (kind, member) ->
            store.photos.take("H001", aCameraFile(dir, "p$i.jpg", i).path, aPhotoRequest(kind, member))
        }
        ConsentKind.entries.forEach { store.consents.sign("H001", it, "王长明", "王庄村", byteArrayOf(1)) }
        store.world.households.getValue("H001").members.forEach { m -> m.fields.replaceAll { _, f -> f.copy(check = FieldCheck.VERIFIED) } }
    }

    @Test
    fun `each missing item links to the screen that fixes it, and finalize waits for none`() = runTest {
        val p = presenter()
        val missing = p.state.value.missing
        assertTrue(missing.any { it is MissingItem.Facts } && missing.any { it is MissingItem.Photo } && missing.any { it is MissingItem.Consent }, missing.toString())
        assertFalse(p.state.value.canFinalize)
        missing.forEach { p.onEvent(FinalizeEvent.Fix(it)) }
        assertEquals(setOf(VisitStep.FACTS, VisitStep.PHOTOS, VisitStep.CONSENTS, VisitStep.HOUSEHOLD), went.toSet())
        p.onEvent(FinalizeEvent.Finalize)
        runCurrent()
        assertEquals(HouseholdState.IMPORTED, p.state.value.state)
    }

    @Test
    fun `a complete visit is finalized, then reopened only with a reason`() = runTest {
        completeVisit()
        val p = presenter()
        assertTrue(p.state.value.missing.isEmpty(), p.state.value.missing.toString())
        p.onEvent(FinalizeEvent.Finalize)
        runCurrent()
        assertEquals(HouseholdState.FINALIZED, p.state.value.state)
        p.onEvent(FinalizeEvent.StartReopen)
        p.onEvent(FinalizeEvent.ConfirmReopen)
        runCurrent()
        assertEquals(HouseholdState.FINALIZED, p.state.value.state, "no reason, no reopening")
        p.onEvent(FinalizeEvent.ReopenReasonChanged("银行退回：补签征信授权"))
        p.onEvent(FinalizeEvent.ConfirmReopen)
        runCurrent()
        assertEquals(HouseholdState.IN_PROGRESS, p.state.value.state)
        assertTrue(store.world.households.getValue("H001").history.any { it.summary.contains("补签征信授权") })
    }
}
