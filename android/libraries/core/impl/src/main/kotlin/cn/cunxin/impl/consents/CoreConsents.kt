package cn.cunxin.impl.consents

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.consents.ConsentRecord
import cn.cunxin.api.consents.ConsentText
import cn.cunxin.api.consents.Consents
import cn.cunxin.ffi.ConsentInfo
import cn.cunxin.ffi.consentTexts
import cn.cunxin.impl.core
import java.time.OffsetDateTime
import java.time.temporal.ChronoUnit
import cn.cunxin.core.ConsentKind as CoreConsentKind
import cn.cunxin.ffi.Store as FfiStore

internal class CoreConsents(private val store: FfiStore) : Consents {
    /** The last shipped text of each kind is the one in force. */
    override suspend fun texts(): List<ConsentText> =
        core { consentTexts() }.associateBy { it.kind }.values.map { t ->
            val (zh, en) = t.text.split(ENGLISH_MARK, limit = 2).let { it[0].trim() to it.getOrElse(1) { "" }.trim() }
            ConsentText(t.kind.toApi(), t.version, t.sha256, zh, en)
        }

    /** Signed consents in the order signed, then refusals (a refusal carries the text in force when it was refused). */
    override suspend fun list(household: String): List<ConsentRecord> {
        val signed = core { store.consents(household) }.mapIndexed { i, c ->
            ConsentRecord("$household-${i + 1}", c.kind.toApi(), c.textVersion, c.signedAt, c.gridManager, refusedReason = null)
        }
        val refusals = core { store.consentRefusals(household) }
        if (refusals.isEmpty()) return signed
        val inForce = texts().associate { it.kind to it.version }
        return signed + refusals.map { r ->
            val kind = r.kind.toApi()
            ConsentRecord("$household-refused-${kind.name.lowercase()}", kind, inForce[kind].orEmpty(), r.refusedAt, r.gridManager.orEmpty(), r.reason)
        }
    }

    override suspend fun sign(household: String, kind: ConsentKind, signer: String, place: String?, signaturePng: ByteArray): String {
        val text = texts().first { it.kind == kind }
        return core {
            val gridManager = store.operator()
                ?: throw CunxinFailure(FailureCode.INVALID_INPUT, "sign in as the grid manager before taking a signature")
            val signedAt = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString()
            store.addConsentImage(
                household,
                ConsentInfo(kind.toCore(), text.version, text.sha256, signer, signedAt, place, gridManager),
                signaturePng,
            )
        }
    }

    override suspend fun refuse(household: String, kind: ConsentKind, signer: String, reason: String) =
        core { store.refuseConsent(household, kind.toCore(), signer, reason) }

    private companion object {
        const val ENGLISH_MARK = "=== English ==="
    }
}

internal fun ConsentKind.toCore(): CoreConsentKind = when (this) {
    ConsentKind.PERSONAL_INFO -> CoreConsentKind.PERSONAL_INFO
    ConsentKind.CREDIT_INQUIRY -> CoreConsentKind.CREDIT_INQUIRY
}

internal fun CoreConsentKind.toApi(): ConsentKind = when (this) {
    CoreConsentKind.PERSONAL_INFO -> ConsentKind.PERSONAL_INFO
    CoreConsentKind.CREDIT_INQUIRY -> ConsentKind.CREDIT_INQUIRY
}
