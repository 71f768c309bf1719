package cn.cunxin.features.household

import cn.cunxin.api.FailureCode
import cn.cunxin.api.households.FieldCheck
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.households.SideState
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
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

@OptIn(ExperimentalCoroutinesApi::class)
class HouseholdPresenterTest {
    private val store = FakeFieldStore().apply { add(aHousehold("H001")) }
    private val went = mutableListOf<VisitStep>()

    @TempDir
    lateinit var dir: File

    private fun TestScope.presenter(): HouseholdPresenter {
        val d = StandardTestDispatcher(testScheduler)
        return HouseholdPresenter("H001", store, { went += it }, backgroundScope, CoroutineDispatchers(d, d, d)).also { runCurrent() }
    }

    private fun HouseholdPresenter.field(member: Int, name: RosterFieldName) =
        state.value.detail!!.members[member].fields.first { it.name == name }

    @Test
    fun `verify and correct are saved, and a correction keeps the original beside it`() = runTest {
        val p = presenter()
        p.onEvent(HouseholdEvent.Verify(0, RosterFieldName.NAME))
        runCurrent()
        assertEquals(FieldCheck.VERIFIED, p.field(0, RosterFieldName.NAME).check)
        p.onEvent(HouseholdEvent.Open(HouseholdDialog.Correct(0, RosterFieldName.PHONE, "13812345678", "13812345678")))
        p.onEvent(HouseholdEvent.Edit(HouseholdDialog.Correct(0, RosterFieldName.PHONE, "13812345678", "13900001111")))
        p.onEvent(HouseholdEvent.Confirm)
        assertEquals(FailureCode.INVALID_INPUT, p.state.value.failure?.code, "a correction needs a reason")
        assertNotNull(p.state.value.dialog)
        p.onEvent(HouseholdEvent.Edit(HouseholdDialog.Correct(0, RosterFieldName.PHONE, "13812345678", "13900001111", "电话已换")))
        p.onEvent(HouseholdEvent.Confirm)
        runCurrent()
        assertNull(p.state.value.dialog)
        val phone = p.field(0, RosterFieldName.PHONE)
        assertEquals("13900001111" to "13812345678", phone.value to phone.original)
        assertEquals(HouseholdState.IN_PROGRESS, p.state.value.detail!!.line.state)
    }

    @Test
    fun `a member is added, another made head, and the head cannot be removed`() = runTest {
        val p = presenter()
        p.onEvent(HouseholdEvent.Open(HouseholdDialog.AddMember("王小红", "410303201803041248", "女", reason = "新生儿落户")))
        p.onEvent(HouseholdEvent.Confirm)
        runCurrent()
        assertEquals(4, p.state.value.detail!!.members.size)
        p.onEvent(HouseholdEvent.Open(HouseholdDialog.ChangeHead(1, "配偶", "户主去世")))
        p.onEvent(HouseholdEvent.Confirm)
        runCurrent()
        assertEquals(1, p.state.value.detail!!.members.single { it.isHead }.index)
        p.onEvent(HouseholdEvent.Open(HouseholdDialog.RemoveMember(1, "迁出")))
        p.onEvent(HouseholdEvent.Confirm)
        runCurrent()
        assertEquals(FailureCode.NOT_ALLOWED_IN_STATE, p.state.value.failure?.code)
        assertNotNull(p.state.value.dialog, "the dialog stays open with the failure")
    }

    @Test
    fun `not home is kept with its reason and revisit time, and back to the visit clears it`() = runTest {
        val p = presenter()
        p.onEvent(HouseholdEvent.Open(HouseholdDialog.Side(HouseholdDialog.SideKind.NOT_HOME, "外出务工", "2026-11-23T18:00")))
        p.onEvent(HouseholdEvent.Confirm)
        runCurrent()
        assertEquals(SideState.NotHome("外出务工", "2026-11-23T18:00"), p.state.value.detail!!.sideState)
        assertEquals(HouseholdState.NOT_HOME, p.state.value.detail!!.line.state)
        p.onEvent(HouseholdEvent.BackToVisit)
        runCurrent()
        assertEquals(SideState.None, p.state.value.detail!!.sideState)
    }

    @Test
    fun `photos come with their thumbnails, the checklist shows what is missing, and steps are links`() = runTest {
        store.photos.take("H001", aCameraFile(dir, "house.jpg").path, aPhotoRequest())
        val p = presenter()
        assertEquals(1, p.state.value.photos.size)
        assertNotNull(p.state.value.thumbnails[p.state.value.photos.single().id])
        assertEquals(listOf(true, false), p.state.value.checklist.take(2).map { it.present })
        p.onEvent(HouseholdEvent.Go(VisitStep.FACTS))
        assertEquals(listOf(VisitStep.FACTS), went)
    }
}
