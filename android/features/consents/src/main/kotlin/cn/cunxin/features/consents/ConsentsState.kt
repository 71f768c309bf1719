package cn.cunxin.features.consents

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.consents.ConsentRecord
import cn.cunxin.api.consents.ConsentText

/** A point on the signature pad, in the pad's own coordinates (0..width, 0..height dp). */
data class Point(val x: Float, val y: Float)

data class ConsentsState(
    val household: String,
    val loading: Boolean = true,
    val texts: List<ConsentText> = emptyList(),
    val records: List<ConsentRecord> = emptyList(),
    val kind: ConsentKind = ConsentKind.PERSONAL_INFO,
    val signer: String = "",
    val strokes: List<List<Point>> = emptyList(),
    val refusing: Boolean = false,
    val refusalReason: String = "",
    val emptySignature: Boolean = false,
    val busy: Boolean = false,
    val failure: CunxinFailure? = null,
) {
    val text: ConsentText? get() = texts.firstOrNull { it.kind == kind }

    fun record(kind: ConsentKind): ConsentRecord? = records.lastOrNull { it.kind == kind }

    /** A pad with no stroke of at least two points is empty: a tap is not a signature. */
    val hasSignature: Boolean get() = strokes.any { it.size >= 2 }
}

sealed interface ConsentsEvent {
    data class Choose(val kind: ConsentKind) : ConsentsEvent

    data class SignerChanged(val name: String) : ConsentsEvent

    data class StrokeStarted(val at: Point) : ConsentsEvent

    data class StrokeExtended(val to: Point) : ConsentsEvent

    data object Undo : ConsentsEvent

    data object Clear : ConsentsEvent

    data object Sign : ConsentsEvent

    data object StartRefusal : ConsentsEvent

    data class RefusalReasonChanged(val text: String) : ConsentsEvent

    data object ConfirmRefusal : ConsentsEvent

    data object CancelRefusal : ConsentsEvent
}
