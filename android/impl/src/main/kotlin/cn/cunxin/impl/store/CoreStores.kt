package cn.cunxin.impl.store

import cn.cunxin.api.store.AuditChainCheck
import cn.cunxin.api.store.Consent
import cn.cunxin.api.store.ConsentKind
import cn.cunxin.api.store.DraftSaved
import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.store.HouseholdLine
import cn.cunxin.api.store.RosterImport
import cn.cunxin.api.store.Stores
import cn.cunxin.ffi.ConsentInfo
import cn.cunxin.impl.callCore
import cn.cunxin.core.ConsentKind as FfiConsentKind
import cn.cunxin.ffi.Store as FfiStore

internal class CoreStores : Stores {
    override fun create(dir: String, key: ByteArray): FieldStore = CoreFieldStore(callCore { FfiStore.create(dir, key) })

    override fun open(dir: String, key: ByteArray): FieldStore = CoreFieldStore(callCore { FfiStore.open(dir, key) })
}

private class CoreFieldStore(private val store: FfiStore) : FieldStore {
    override fun signIn(operator: String) = callCore { store.setOperator(operator) }

    override fun importRoster(path: String): RosterImport = callCore { store.importRoster(path) }.let {
        RosterImport(it.inserted.toInt(), it.updated.toInt(), it.unchanged.toInt(), it.skippedVisited.size, it.errorRows.toInt())
    }

    override fun households(): List<HouseholdLine> = callCore { store.listHouseholds() }.map {
        HouseholdLine(it.id, it.village, it.group, it.state, it.headNameMasked, it.headIdMasked, it.members.toInt(), it.photos.toInt())
    }

    override fun saveDraft(household: String, factsJson: String): DraftSaved =
        callCore { store.saveDraft(household, factsJson) }.let { DraftSaved(it.revision.toInt(), it.changedFields) }

    override fun addConsent(household: String, consent: Consent, signatureImagePath: String) {
        val kind = when (consent.kind) {
            ConsentKind.PERSONAL_INFO -> FfiConsentKind.PERSONAL_INFO
            ConsentKind.CREDIT_INQUIRY -> FfiConsentKind.CREDIT_INQUIRY
        }
        val info = with(consent) { ConsentInfo(kind, textVersion, textSha256, signer, signedAt, place, gridManager) }
        callCore { store.addConsent(household, info, signatureImagePath) }
    }

    override fun finalize(household: String): Int = callCore { store.finalize(household) }.toInt()

    override fun verifyAuditChain(): AuditChainCheck = callCore { store.verifyChain() }.let {
        AuditChainCheck(it.intact, it.events.toLong(), it.brokenAt?.toLong(), it.reason)
    }

    override fun close() = store.close()
}
