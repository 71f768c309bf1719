package cn.cunxin.designsystem

import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.handover.BatchState
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.MatchedBy
import cn.cunxin.api.panel.PanelRole
import cn.cunxin.api.photos.PhotoFlag
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.scoring.ReconcileFlag
import cn.cunxin.api.village.Lending
import cn.cunxin.api.village.Verdict
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Test

/** Every state and kind the screens name has its words in the shared table, in both languages. */
class LabelsTest {
    private val zh = Strings.ZH
    private val en = Strings.EN

    private fun <T : Enum<T>> each(values: List<T>, words: Strings.(T) -> String) = values.forEach { value ->
        val chinese = zh.words(value)
        val english = en.words(value)
        assert(chinese.isNotBlank() && english.isNotBlank()) { "no words for $value" }
        assertNotEquals(chinese, english, "$value")
    }

    @Test
    fun everyStateAndKindHasItsWords() {
        each(HouseholdState.entries) { state(it) }
        each(PhotoKind.entries) { photoKind(it) }
        each(PhotoFlag.entries) { photoFlag(it) }
        each(ConsentKind.entries) { consentKind(it) }
        each(MatchedBy.entries) { matchedBy(it) }
        each(BatchState.entries) { batchState(it) }
        each(Verdict.entries) { verdict(it) }
        each(Lending.entries) { lending(it) }
        each(PanelRole.entries) { role(it) }
        each(ReconcileFlag.entries) { reconcile(it) }
    }

    @Test
    fun theAppSaysWhatTheCliAndTheReportSay() {
        assertEquals("需说明", zh.reconcile(ReconcileFlag.NEEDS_REASON))
        assertEquals("Needs a reason", en.reconcile(ReconcileFlag.NEEDS_REASON))
        assertEquals("无贷款数据", zh.verdict(Verdict.UNKNOWN))
        assertEquals("信用户", zh.gradeName("credit"))
        assertEquals("AA", en.gradeName("AA"))
    }
}
