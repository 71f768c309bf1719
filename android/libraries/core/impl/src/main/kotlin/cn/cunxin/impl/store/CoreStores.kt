package cn.cunxin.impl.store

import cn.cunxin.api.handover.HandOverOutcome
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.handover.SealedBatch
import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.store.AuditChainCheck
import cn.cunxin.api.store.Consent
import cn.cunxin.api.store.ConsentKind
import cn.cunxin.api.store.DraftSaved
import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.store.HouseholdLine
import cn.cunxin.api.store.PhotoCapture
import cn.cunxin.api.store.PhotoRequest
import cn.cunxin.api.store.SimilarPhoto
import cn.cunxin.api.store.RosterImport
import cn.cunxin.api.store.Stores
import cn.cunxin.ffi.ConsentInfo
import cn.cunxin.impl.callCore
import cn.cunxin.impl.handover.CoreHttpClient
import cn.cunxin.impl.handover.toApi
import cn.cunxin.impl.scoring.toApi
import cn.cunxin.core.PhotoKind as FfiPhotoKind
import cn.cunxin.ffi.PhotoCapture as FfiPhotoCapture
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

    override fun reopen(household: String, reason: String): Int = callCore { store.reopen(household, reason) }.toInt()

    override fun takePhoto(household: String, cameraFile: String, photo: PhotoRequest, overrideReason: String?): PhotoCapture {
        val kind = FfiPhotoKind.valueOf(photo.kind.name)
        val capture = callCore {
            with(photo) {
                store.capturePhoto(household, cameraFile, kind, takenBy, capturedAt, latitude, longitude, deleteCameraFile, overrideReason)
            }
        }
        return when (capture) {
            is FfiPhotoCapture.Stored -> PhotoCapture.Stored(
                capture.photoId,
                capture.width.toInt(),
                capture.height.toInt(),
                capture.flags,
                capture.similar.map { SimilarPhoto(it.household, it.sameHousehold, it.distance.toInt()) },
            )
            is FfiPhotoCapture.Retake -> PhotoCapture.Retake(capture.flags, capture.message)
        }
    }

    override fun showEstimate(household: String, scorecard: String, lprPercent: Double?): Estimate =
        callCore { store.showEstimate(household, scorecard, lprPercent) }.toApi()

    override fun verifyAuditChain(): AuditChainCheck = callCore { store.verifyChain() }.let {
        AuditChainCheck(it.intact, it.events.toLong(), it.brokenAt?.toLong(), it.reason)
    }

    override fun devicePublicKey(): String = callCore { store.devicePublicKey() }

    override fun sealBatch(bankRecipients: String): SealedBatch = callCore { store.sealBatch(bankRecipients) }.let {
        SealedBatch(it.batchId, it.households.toInt(), it.files.toInt(), it.batchBytes.toLong())
    }

    override fun handOver(endpoint: String, platformPublicKey: String, http: HttpClient): List<HandOverOutcome> =
        callCore { store.handOver(endpoint, platformPublicKey, CoreHttpClient(http)) }.map { it.toApi() }

    override fun close() = store.close()
}
