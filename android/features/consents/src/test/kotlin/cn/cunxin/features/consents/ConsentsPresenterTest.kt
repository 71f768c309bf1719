package cn.cunxin.features.consents

import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.fakes.FakeFieldStore
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.ByteArrayInputStream
import javax.imageio.ImageIO

@OptIn(ExperimentalCoroutinesApi::class)
class ConsentsPresenterTest {
    private val store = FakeFieldStore().apply { add(aHousehold("H001")) }

    private fun TestScope.presenter(): ConsentsPresenter {
        val d = StandardTestDispatcher(testScheduler)
        return ConsentsPresenter("H001", store.consents, "王长明", "王庄村", ComposeSignatureImage, backgroundScope, CoroutineDispatchers(d, d, d)).also { runCurrent() }
    }

    private fun ConsentsPresenter.draw(vararg points: Pair<Float, Float>) {
        onEvent(ConsentsEvent.StrokeStarted(Point(points[0].first, points[0].second)))
        points.drop(1).forEach { onEvent(ConsentsEvent.StrokeExtended(Point(it.first, it.second))) }
    }

    @Test
    fun `both texts are shown with their versions, and an empty pad is refused before anything is stored`() = runTest {
        val p = presenter()
        assertEquals(ConsentKind.entries.toSet(), p.state.value.texts.map { it.kind }.toSet())
        p.onEvent(ConsentsEvent.Sign)
        assertTrue(p.state.value.emptySignature)
        p.draw(10f to 10f)
        p.onEvent(ConsentsEvent.Sign)
        runCurrent()
        assertTrue(p.state.value.emptySignature, "a tap is not a signature")
        assertTrue(store.consents.list("H001").isEmpty())
    }

    @Test
    fun `undo takes back the last stroke, and the signature stored is the pad's PNG`() = runTest {
        val p = presenter()
        p.draw(20f to 100f, 120f to 140f, 200f to 90f)
        p.draw(250f to 60f, 300f to 160f)
        p.onEvent(ConsentsEvent.Undo)
        assertEquals(1, p.state.value.strokes.size)
        p.onEvent(ConsentsEvent.Sign)
        runCurrent()
        val record = store.consents.list("H001").single()
        assertEquals(ConsentKind.PERSONAL_INFO to true, record.kind to record.signed)
        val png = store.consents.signatures.getValue(record.id)
        val image = ImageIO.read(ByteArrayInputStream(png))
        assertEquals(ConsentsPresenter.PAD_WIDTH to ConsentsPresenter.PAD_HEIGHT, image.width to image.height)
        assertTrue(image.getRGB(20, 100) and 0xffffff < 0x404040, "the stroke is drawn dark")
        assertEquals(0xffffff, image.getRGB(5, 5) and 0xffffff, "and the rest of the pad is white")
        assertTrue(p.state.value.strokes.isEmpty())
    }

    @Test
    fun `the credit inquiry is refused with the resident's reason, separately from the personal-information consent`() = runTest {
        val p = presenter()
        p.onEvent(ConsentsEvent.Choose(ConsentKind.CREDIT_INQUIRY))
        p.onEvent(ConsentsEvent.StartRefusal)
        p.onEvent(ConsentsEvent.ConfirmRefusal)
        runCurrent()
        assertTrue(store.consents.list("H001").isEmpty(), "no reason, no refusal")
        p.onEvent(ConsentsEvent.RefusalReasonChanged("不想查征信"))
        p.onEvent(ConsentsEvent.ConfirmRefusal)
        runCurrent()
        assertEquals("不想查征信", p.state.value.record(ConsentKind.CREDIT_INQUIRY)?.refusedReason)
        assertEquals(null, p.state.value.record(ConsentKind.PERSONAL_INFO))
    }
}
