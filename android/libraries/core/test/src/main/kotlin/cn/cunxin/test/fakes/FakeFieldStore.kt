package cn.cunxin.test.fakes

import cn.cunxin.api.CunxinFailure
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
import cn.cunxin.api.store.PhotoKind
import cn.cunxin.api.store.PhotoRequest
import cn.cunxin.api.store.RosterImport
import cn.cunxin.api.store.SimilarPhoto
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import java.io.File

/**
 * A store in memory that keeps the core's rules the screens depend on: drafts numbered by
 * revision, finalize needs facts and the personal-information consent, a finalized visit takes no
 * edits until reopened with a reason, a flagged photo needs a retake or a reason. Photos whose
 * camera file name contains "blurry" are flagged as blurry; the same file twice is a near duplicate.
 */
class FakeFieldStore(
    lines: List<HouseholdLine> = emptyList(),
    private val scoring: FakeScoring = FakeScoring(),
) : FieldStore {
    class Visit(
        var line: HouseholdLine,
        var facts: JsonObject? = null,
        var revision: Int = 0,
        val consents: MutableMap<ConsentKind, Consent> = mutableMapOf(),
        val photos: MutableList<Pair<PhotoKind, String>> = mutableListOf(),
    )

    val visits: MutableMap<String, Visit> = lines.associateTo(LinkedHashMap()) { it.id to Visit(it) }
    val audit = mutableListOf<String>()
    var operator: String? = null
        private set
    var closed = false
        private set

    private val photoFiles = mutableMapOf<String, String>()

    internal fun reopened(): FakeFieldStore = also { closed = false }

    override fun signIn(operator: String) {
        this.operator = operator
        audit += "sign_in"
    }

    override fun importRoster(path: String): RosterImport {
        val rows = RosterCsv.read(path).filter { it.id.isNotEmpty() && it.name.isNotEmpty() }
        var inserted = 0
        var unchanged = 0
        var keptVisited = 0
        rows.groupBy { it.household }.forEach { (household, members) ->
            val head = members.firstOrNull { it.id == it.headId || it.relation == "户主" } ?: members.first()
            val line = HouseholdLine(household, head.village, head.group, "imported", maskName(head.name), maskId(head.id), members.size, 0)
            val known = visits[household]
            when {
                known == null -> visits[household] = Visit(line).also { inserted++ }
                known.line.state != "imported" -> keptVisited++
                else -> unchanged++
            }
        }
        audit += "import_roster"
        return RosterImport(inserted, 0, unchanged, keptVisited, RosterCsv.read(path).size - rows.size)
    }

    override fun households(): List<HouseholdLine> = visits.values.map { it.line.copy(photos = it.photos.size) }

    override fun saveDraft(household: String, factsJson: String): DraftSaved {
        val visit = visit(household)
        if (visit.line.state == "finalized") throw CunxinFailure.InvalidInput("this visit is finalized: reopen it with a reason to correct it")
        val facts = try {
            Json.parseToJsonElement(factsJson).jsonObject
        } catch (e: IllegalArgumentException) {
            throw CunxinFailure.InvalidInput("the facts are not a JSON object", e)
        }
        val before = visit.facts ?: JsonObject(emptyMap())
        val changed = (facts.keys + before.keys).filter { facts[it] != before[it] }.sorted()
        visit.facts = facts
        visit.revision++
        visit.line = visit.line.copy(state = "in_progress")
        return DraftSaved(visit.revision, changed)
    }

    override fun addConsent(household: String, consent: Consent, signatureImagePath: String) {
        val visit = visit(household)
        if (!File(signatureImagePath).isFile) throw CunxinFailure.InvalidInput("the signature image is missing: sign again")
        visit.consents[consent.kind] = consent
        audit += "consent_${consent.kind.name.lowercase()}"
    }

    override fun finalize(household: String): Int {
        val visit = visit(household)
        if (visit.facts == null) throw CunxinFailure.InvalidInput("no facts are saved for this visit: fill in the form first")
        if (ConsentKind.PERSONAL_INFO !in visit.consents) {
            throw CunxinFailure.InvalidInput("the personal-information consent is missing: have the resident sign it first")
        }
        visit.line = visit.line.copy(state = "finalized")
        audit += "finalize"
        return visit.revision
    }

    override fun reopen(household: String, reason: String): Int {
        val visit = visit(household)
        if (reason.isBlank()) throw CunxinFailure.InvalidInput("say why the visit is reopened")
        if (visit.line.state != "finalized") throw CunxinFailure.InvalidInput("only a finalized visit can be reopened")
        visit.revision++
        visit.line = visit.line.copy(state = "in_progress")
        audit += "reopen"
        return visit.revision
    }

    override fun takePhoto(household: String, cameraFile: String, photo: PhotoRequest, overrideReason: String?): PhotoCapture {
        val visit = visit(household)
        val file = File(cameraFile)
        if (!file.isFile || file.length() == 0L) throw CunxinFailure.InvalidInput("the camera file is not a photo: take it again")
        val content = file.readBytes().contentHashCode().toString()
        val flags = buildList {
            if ("blurry" in file.name) add("blurry")
            if (photoFiles.containsKey(content)) add("near_duplicate")
        }
        if (flags.isNotEmpty() && overrideReason.isNullOrBlank()) {
            return PhotoCapture.Retake(flags, "the photo is ${flags.joinToString(" and ")}: take it again, or keep it with a reason")
        }
        val id = "P${photoFiles.size + 1}"
        val similar = photoFiles[content]?.let { listOf(SimilarPhoto(maskId(it), it == household, 0)) }.orEmpty()
        photoFiles[content] = household
        visit.photos += photo.kind to id
        if (photo.deleteCameraFile) file.delete()
        audit += "photo"
        return PhotoCapture.Stored(id, 1600, 1200, flags, similar)
    }

    override fun showEstimate(household: String, scorecard: String, lprPercent: Double?): Estimate {
        val visit = visit(household)
        val facts = visit.facts ?: throw CunxinFailure.InvalidInput("no facts are saved for this visit: fill in the form first")
        audit += "estimate_shown"
        return scoring.estimate(scorecard, household, facts.toString(), lprPercent)
    }

    override fun verifyAuditChain(): AuditChainCheck = AuditChainCheck(true, audit.size.toLong(), null, null)

    override fun devicePublicKey(): String = "untrusted comment: fake device key\nRWQfake\n"

    override fun sealBatch(bankRecipients: String): SealedBatch {
        val finalized = visits.values.filter { it.line.state == "finalized" }
        if (finalized.isEmpty()) throw CunxinFailure.InvalidInput("no finalized household to seal")
        finalized.forEach { it.line = it.line.copy(state = "sealed") }
        return SealedBatch("B${audit.size}", finalized.size, finalized.sumOf { it.photos.size }, 1024L * finalized.size)
    }

    override fun handOver(endpoint: String, platformPublicKey: String, http: HttpClient): List<HandOverOutcome> = emptyList()

    override fun close() {
        closed = true
    }

    private fun visit(household: String): Visit =
        visits[household] ?: throw CunxinFailure.NotFound("no household with this number in the store")
}
