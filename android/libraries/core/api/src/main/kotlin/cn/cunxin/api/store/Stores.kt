package cn.cunxin.api.store

import cn.cunxin.api.handover.HandOverOutcome
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.handover.SealedBatch
import cn.cunxin.api.scoring.Estimate

/**
 * The encrypted on-device store. The app creates it once with a fresh 32-byte key (kept wrapped
 * by the Android Keystore) and opens it with that key at every start. Key bytes passed in are
 * wiped by the core after use; pass a copy if the caller still needs them.
 */
interface Stores {
    /** Creates a new store in [dir]; fails if one is already there. */
    fun create(dir: String, key: ByteArray): FieldStore

    /** Opens the store in [dir]; a wrong key is [cn.cunxin.api.CunxinFailure.WrongKey] and changes nothing. */
    fun open(dir: String, key: ByteArray): FieldStore
}

/** One open store: one call per user action. Close it when the app goes to the background. */
interface FieldStore : AutoCloseable {
    /** The grid manager signed in on this tablet; audit events carry it. */
    fun signIn(operator: String)

    /** Loads the usable households of a checked roster file; visited households are kept. */
    fun importRoster(path: String): RosterImport

    /** The grid manager's list, masked. */
    fun households(): List<HouseholdLine>

    /** Saves the visit's facts (a JSON object) as the draft; call it on every edit. */
    fun saveDraft(household: String, factsJson: String): DraftSaved

    /** Stores a consent and its signature image (a file path; the store keeps it encrypted). */
    fun addConsent(household: String, consent: Consent, signatureImagePath: String)

    /** Makes the visit final (needs saved facts and the personal-information consent); returns its revision. */
    fun finalize(household: String): Int

    /**
     * Opens a finalized visit again for a correction, e.g. a household the bank returned for a
     * missing consent; [reason] goes into the audit trail. Returns the new draft's revision.
     */
    fun reopen(household: String, reason: String): Int

    /**
     * Takes the camera's photo (a file path) into the store: upright, downscaled, watermarked,
     * checked, compared with stored photos, encrypted. A flagged photo is [PhotoCapture.Retake]
     * unless [overrideReason] is given. A file that is not a usable photo is
     * [cn.cunxin.api.CunxinFailure.InvalidInput] and nothing is stored.
     */
    fun takePhoto(household: String, cameraFile: String, photo: PhotoRequest, overrideReason: String? = null): PhotoCapture

    /** Scores the saved facts, records the estimate as shown to the resident, and returns it. */
    fun showEstimate(household: String, scorecard: String, lprPercent: Double? = null): Estimate

    /** Verifies the audit chain of the whole store. */
    fun verifyAuditChain(): AuditChainCheck

    /** The tablet's public key (`device.pub` text) for the bank to register. */
    fun devicePublicKey(): String

    /** Seals every finalized household into one batch for the bank's age public keys (`age1…` lines). */
    fun sealBatch(bankRecipients: String): SealedBatch

    /**
     * Uploads every sealed batch to the platform's tus [endpoint] (resuming after a cut or a
     * killed app), verifies each receipt with [platformPublicKey] (minisign `.pub` text), and
     * purges what the bank accepted. Nothing is purged without a valid receipt.
     */
    fun handOver(endpoint: String, platformPublicKey: String, http: HttpClient): List<HandOverOutcome>
}

enum class PhotoKind { HOUSE, ID_FRONT, ID_BACK, PORTRAIT, PROPERTY_CERTIFICATE, LAND_CERTIFICATE, BUSINESS_LICENSE, OTHER }

/** Where and by whom; the core burns time, place, household and [takenBy] into the photo. */
data class PhotoRequest(
    val kind: PhotoKind,
    val takenBy: String,
    val capturedAt: String?,
    val latitude: Double?,
    val longitude: Double?,
    val deleteCameraFile: Boolean = true,
)

sealed interface PhotoCapture {
    data class Stored(val photoId: String, val width: Int, val height: Int, val flags: List<String>, val similar: List<SimilarPhoto>) :
        PhotoCapture

    /** Nothing was stored: take it again, or keep it with a reason. */
    data class Retake(val flags: List<String>, val message: String) : PhotoCapture
}

/** A stored photo like the new one; [household] is masked. */
data class SimilarPhoto(val household: String, val sameHousehold: Boolean, val distance: Int)

data class RosterImport(val inserted: Int, val updated: Int, val unchanged: Int, val keptVisited: Int, val errorRows: Int)

/** [headNameMasked] is like 王*明, [headIdMasked] like 410303********1234. */
data class HouseholdLine(
    val id: String,
    val village: String,
    val group: String,
    val state: String,
    val headNameMasked: String,
    val headIdMasked: String,
    val members: Int,
    val photos: Int,
)

/** [changedFields] names the facts that changed, never their values. */
data class DraftSaved(val revision: Int, val changedFields: List<String>)

enum class ConsentKind { PERSONAL_INFO, CREDIT_INQUIRY }

data class Consent(
    val kind: ConsentKind,
    val textVersion: String,
    val textSha256: String,
    val signer: String,
    val signedAt: String,
    val place: String?,
    val gridManager: String,
) {
    override fun toString(): String = "Consent(kind=$kind, textVersion=$textVersion, signer=*, signedAt=$signedAt)"
}

data class AuditChainCheck(val intact: Boolean, val events: Long, val brokenAt: Long?, val reason: String?)
