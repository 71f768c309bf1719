package cn.cunxin.test.fakes

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.panel.MemberRating
import cn.cunxin.api.panel.PanelResult
import cn.cunxin.api.panel.ReviewPanel
import cn.cunxin.api.scoring.ReconcileFlag
import cn.cunxin.api.scoring.LimitProposal
import cn.cunxin.api.scoring.PanelRating
import cn.cunxin.api.settings.KeyInfo
import cn.cunxin.api.settings.NoticeContact
import cn.cunxin.api.settings.Settings
import cn.cunxin.api.settings.StoreSettings
import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.village.GroupRollUp
import cn.cunxin.api.village.Lending
import cn.cunxin.api.village.NoticeLine
import cn.cunxin.api.village.PublicNotice
import cn.cunxin.api.village.Verdict
import cn.cunxin.api.village.VillageRollUp
import cn.cunxin.api.village.Villages

/** Back-to-back ratings: the result only for a member who has rated. */
class FakeReviewPanel internal constructor(private val world: FakeWorld) : ReviewPanel {
    private val ratings = mutableMapOf<String, MutableMap<String, MemberRating>>()
    private val decisions = mutableMapOf<String, Pair<Long, String>>()

    override suspend fun submit(household: String, rating: MemberRating) {
        world.household(household)
        if (rating.member.isBlank()) throw CunxinFailure(FailureCode.INVALID_INPUT, "say which panel member gives the rating")
        val given = ratings.getOrPut(household) { linkedMapOf() }
        // As the core: each member rates a household once, back to back.
        if (rating.member in given) throw CunxinFailure(FailureCode.STORE_EXISTS, "this panel member has already rated the household")
        given[rating.member] = rating
    }

    override suspend fun ratedBy(household: String): List<String> = ratings[household]?.keys?.toList().orEmpty()

    override suspend fun result(household: String, asMember: String?): PanelResult {
        val given = ratings[household].orEmpty()
        if (asMember != null && asMember !in given) throw CunxinFailure(FailureCode.NOT_ALLOWED_IN_STATE, "rate the household before reading the panel's result")
        val committee = world.scoring.committeeReview(given.values.map { PanelRating(it.member, it.suggestedLimitYuan, it.integrity, it.estimatedIncomeYuan, it.note) })
        val decision = decisions[household]
        val proposal = committee.limitYuan?.let {
            FakeScoring.reconcileLimits(world.scoring.estimateFor(household).limitYuan, it, decision?.second, decision?.first, null)
        }
        return PanelResult(committee, proposal, decision?.second)
    }

    override suspend fun decide(household: String, amountYuan: Long, reason: String): LimitProposal {
        val undecided = result(household, null).proposal ?: throw CunxinFailure(FailureCode.NOT_ALLOWED_IN_STATE, "the panel has not rated this household yet")
        // As the core: only a large gap is decided, and only with a written reason.
        if (undecided.flag != ReconcileFlag.NEEDS_REASON && undecided.flag != ReconcileFlag.REASONED) {
            throw CunxinFailure(FailureCode.NOT_ALLOWED_IN_STATE, "there is no gap to decide")
        }
        if (reason.isBlank()) throw CunxinFailure(FailureCode.INVALID_INPUT, "a large gap needs a written reason")
        decisions[household] = amountYuan to reason.trim()
        return result(household, null).proposal!!
    }
}

/**
 * The roll-up and notice over the households whose facts are complete, each given its estimate
 * from the fake scoring (as the core scores every household's latest facts), with the core's
 * rules: grades of every scored household, 授信面 over the eligible, and no loan figures on the
 * device (the circuit breaker UNKNOWN, seed 002 UNKNOWN once the credit-household share passes).
 */
class FakeVillages internal constructor(private val world: FakeWorld) : Villages {
    override suspend fun list(): List<String> = world.households.values.map { it.village }.distinct()

    /** Each household with its estimate, or null when it is not evaluated; in group order, as the core sorts them. */
    private fun scored(village: String): List<Pair<FakeWorld.Household, Estimate?>> {
        val form = world.scoring.formOf(world.scorecard)
        return world.households.values.filter { it.village == village }.sortedBy { it.group }.map { h ->
            val evaluated = h.state != HouseholdState.DECLINED && h.state != HouseholdState.PURGED && h.facts.isNotEmpty() && FakeScoring.progressOf(form, h.facts).complete
            h to world.scoring.estimateFor(h.id).takeIf { evaluated }
        }
    }

    override suspend fun rollUp(village: String): VillageRollUp {
        val all = scored(village)
        val estimates = all.mapNotNull { it.second }
        val eligible = estimates.count { it.eligible }
        val credit = estimates.count { it.creditHousehold }
        val share = if (all.isEmpty()) 0L else credit * 1000L / all.size
        val coverage = if (eligible == 0) null else credit * 1000L / eligible
        val shareMet = all.isNotEmpty() && credit * 100 >= 70 * all.size
        return VillageRollUp(
            village, all.size, estimates.size, eligible, credit, share,
            estimates.mapNotNull { it.grade }.groupingBy { it }.eachCount().toSortedMap(),
            estimates.filter { it.creditHousehold }.sumOf { it.limitYuan }, coverage, eligible > 0 && credit * 100 >= 80 * eligible,
            if (shareMet) Verdict.PASS else Verdict.FAIL,
            // Seed 002 also needs the loan figures: unknown unless the share already fails it.
            if (shareMet) Verdict.UNKNOWN else Verdict.FAIL,
            Lending.UNKNOWN,
            byGroup = all.groupBy { it.first.group }.map { (group, list) ->
                GroupRollUp(group, list.size, list.count { it.second != null }, list.count { it.second?.creditHousehold == true })
            },
        )
    }

    override suspend fun publicNotice(village: String): PublicNotice {
        val lines = scored(village).filter { it.second?.creditHousehold == true }.map { (h, e) ->
            NoticeLine(h.group, maskName(h.head().name), maskId(h.head().id), e!!.grade, e.limitYuan)
        }
        return PublicNotice(village, world.scorecard, "1", lines)
    }
}

class FakeStoreSettings internal constructor(private val world: FakeWorld, private val passphrase: Boolean) : StoreSettings {
    private var recipients = emptyList<KeyInfo>()
    private var platformKey: KeyInfo? = null
    private var uploadAddress: String? = null
    private var noticeContact: NoticeContact? = null

    override suspend fun current(): Settings =
        Settings(world.scorecard, "1", recipients, platformKey, uploadAddress, KeyInfo(devicePublicKey(), "AB12 CD34"), passphrase)

    override suspend fun setScorecard(nameOrDefinition: String) {
        // As the core: a name it does not ship, or a definition it cannot read, is the grid manager's input to correct.
        if (nameOrDefinition !in world.scoring.forms) throw CunxinFailure(FailureCode.INVALID_INPUT, "not a scorecard this app ships, nor a definition it can read")
        world.scorecard = nameOrDefinition
    }

    override suspend fun setBankRecipients(text: String) {
        val lines = text.lines().filter { it.isNotBlank() }
        if (lines.isEmpty() || lines.any { !it.startsWith("age1") }) throw CunxinFailure(FailureCode.BAD_KEY, "a bank key starts with age1")
        recipients = lines.map { KeyInfo(it, it.takeLast(8)) }
    }

    override suspend fun setPlatformKey(text: String) {
        if (!text.contains("RW")) throw CunxinFailure(FailureCode.BAD_KEY, "not a minisign public key")
        platformKey = KeyInfo(text, text.takeLast(8))
    }

    override suspend fun setUploadAddress(url: String) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) throw CunxinFailure(FailureCode.INVALID_INPUT, "the upload address starts with https://")
        uploadAddress = url
    }

    override suspend fun noticeContact(): NoticeContact? = noticeContact

    override suspend fun setNoticeContact(contact: NoticeContact) {
        contact.problem?.let { throw CunxinFailure(FailureCode.INVALID_INPUT, it) }
        noticeContact = NoticeContact(contact.branch.trim(), contact.telephone.trim())
    }

    override suspend fun devicePublicKey(): String = "untrusted comment: fake device key\nRWQfakefakefake\n"

    override suspend fun changePassphrase(current: CharArray, new: CharArray) = Unit

    override suspend fun rotateKey(newKey: ByteArray) = newKey.fill(0)

    override suspend fun rotateKeyWithPassphrase(passphrase: CharArray) = passphrase.fill(' ')
}
