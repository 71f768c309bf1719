package cn.cunxin.impl.consents

import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.consents.ConsentRecord
import cn.cunxin.api.consents.ConsentText
import cn.cunxin.api.consents.Consents
import cn.cunxin.impl.notInCoreYet
import cn.cunxin.core.ConsentKind as CoreConsentKind
import cn.cunxin.ffi.Store as FfiStore

internal class CoreConsents(@Suppress("unused") private val store: FfiStore) : Consents {
    override suspend fun texts(): List<ConsentText> = notInCoreYet("the shipped consent texts")

    override suspend fun list(household: String): List<ConsentRecord> = notInCoreYet("the consents of a household")

    override suspend fun sign(household: String, kind: ConsentKind, signer: String, place: String?, signaturePng: ByteArray): String =
        notInCoreYet("signing against the shipped consent texts")

    override suspend fun refuse(household: String, kind: ConsentKind, signer: String, reason: String) =
        notInCoreYet("recording a refused consent")
}

internal fun ConsentKind.toCore(): CoreConsentKind = when (this) {
    ConsentKind.PERSONAL_INFO -> CoreConsentKind.PERSONAL_INFO
    ConsentKind.CREDIT_INQUIRY -> CoreConsentKind.CREDIT_INQUIRY
}
