package cn.cunxin.features.consents

import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.consents.ConsentRecord
import cn.cunxin.test.builders.aConsentText
import kotlin.math.sin

/** The consents screen's states worth seeing. */
object ConsentsStateProvider {
    private val texts = listOf(aConsentText(ConsentKind.PERSONAL_INFO), aConsentText(ConsentKind.CREDIT_INQUIRY))

    /** A scrawl like a hand-written name. */
    private val scrawl = listOf(
        (0..40).map { Point(40f + it * 4f, 110f + 30f * sin(it / 4f)) },
        (0..20).map { Point(220f + it * 3f, 80f + it * 2.5f) },
        (0..25).map { Point(300f + it * 4f, 130f - 25f * sin(it / 3f)) },
    )
    private val base = ConsentsState("H001", loading = false, texts = texts, signer = "王长明")

    val states: List<Pair<String, ConsentsState>> = listOf(
        "unsigned" to base,
        "signing" to base.copy(strokes = scrawl),
        "empty-refused" to base.copy(emptySignature = true),
        "refusing" to base.copy(
            kind = ConsentKind.CREDIT_INQUIRY, refusing = true, refusalReason = "不想让银行查征信",
            records = listOf(ConsentRecord("C1", ConsentKind.PERSONAL_INFO, "2026.1", "2026-11-22T10:20:00", "网格员王五", null)),
        ),
    )
}
