package cn.cunxin.api.consents

/**
 * The two consents a household signs: the personal-information consent and the credit-inquiry
 * authorization, as separate versioned texts shipped in the core with their SHA-256.
 */
interface Consents {
    /** The texts in force, one per kind, in full. */
    suspend fun texts(): List<ConsentText>

    /** The household's consents recorded so far (signed or refused). */
    suspend fun list(household: String): List<ConsentRecord>

    /**
     * Records a signature: [signaturePng] is the pad's image (a small PNG; an empty one is
     * INVALID_INPUT). The text signed is the one in force for [kind]. Returns the consent's id.
     */
    suspend fun sign(household: String, kind: ConsentKind, signer: String, place: String?, signaturePng: ByteArray): String

    /** Records that the resident refused, with the reason. */
    suspend fun refuse(household: String, kind: ConsentKind, signer: String, reason: String)
}

enum class ConsentKind { PERSONAL_INFO, CREDIT_INQUIRY }

data class ConsentText(val kind: ConsentKind, val version: String, val sha256: String, val zh: String, val en: String)

data class ConsentRecord(
    val id: String,
    val kind: ConsentKind,
    val textVersion: String,
    val signedAt: String,
    val gridManager: String,
    /** Null when signed; the reason when refused. */
    val refusedReason: String?,
) {
    val signed: Boolean get() = refusedReason == null
}
