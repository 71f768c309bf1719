package cn.cunxin.test.fakes

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.consents.ConsentRecord
import cn.cunxin.api.consents.ConsentText
import cn.cunxin.api.consents.Consents
import cn.cunxin.test.builders.aConsentText

/** The two texts in force and the household's signatures and refusals; an empty signature is refused. */
class FakeConsents internal constructor(
    private val world: FakeWorld,
    var texts: List<ConsentText> = listOf(aConsentText(ConsentKind.PERSONAL_INFO), aConsentText(ConsentKind.CREDIT_INQUIRY)),
) : Consents {
    /** The signature images recorded, by consent id. */
    val signatures = mutableMapOf<String, ByteArray>()

    override suspend fun texts(): List<ConsentText> = texts

    override suspend fun list(household: String): List<ConsentRecord> = world.household(household).consents.toList()

    override suspend fun sign(household: String, kind: ConsentKind, signer: String, place: String?, signaturePng: ByteArray): String {
        if (signaturePng.isEmpty()) throw CunxinFailure(FailureCode.INVALID_INPUT, "the signature is empty: have the resident sign")
        val h = world.editable(household)
        val text = texts.first { it.kind == kind }
        val record = ConsentRecord("C${signatures.size + 1}", kind, text.version, world.now(), world.operator ?: "", null)
        // A signature replaces an earlier refusal; earlier signatures stay.
        h.consents.removeAll { it.kind == kind && !it.signed }
        h.consents += record
        signatures[record.id] = signaturePng.copyOf()
        world.edited(h, "consent", "签署 ${kind.name.lowercase()}")
        return record.id
    }

    override suspend fun refuse(household: String, kind: ConsentKind, signer: String, reason: String) {
        if (reason.isBlank() || signer.isBlank()) throw CunxinFailure(FailureCode.INVALID_INPUT, "say who refused and why")
        val h = world.editable(household)
        if (h.consents.any { it.kind == kind && it.signed }) throw CunxinFailure(FailureCode.NOT_ALLOWED_IN_STATE, "this consent is already signed; the signature stands")
        val text = texts.first { it.kind == kind }
        h.consents.removeAll { it.kind == kind }
        h.consents += ConsentRecord("R${h.consents.size + 1}", kind, text.version, world.now(), world.operator ?: "", reason)
        world.edited(h, "consent_refused", "拒签 ${kind.name.lowercase()}")
    }
}
