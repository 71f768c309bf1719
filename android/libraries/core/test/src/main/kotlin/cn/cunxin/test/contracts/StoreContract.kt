package cn.cunxin.test.contracts

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.handover.BatchInfo
import cn.cunxin.api.handover.Waiting
import cn.cunxin.api.households.FieldCheck
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.MatchedBy
import cn.cunxin.api.households.NewMember
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.panel.MemberRating
import cn.cunxin.api.panel.PanelRole
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.scoring.ReconcileFlag
import cn.cunxin.api.settings.NoticeContact
import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.unlock.StoreLock
import cn.cunxin.api.unlock.Stores
import cn.cunxin.api.village.Lending
import cn.cunxin.api.village.Verdict
import cn.cunxin.api.visit.FactCheck
import cn.cunxin.api.visit.FactProblem
import cn.cunxin.api.visit.MissingItem
import cn.cunxin.test.builders.aRosterCsv
import cn.cunxin.test.builders.aSignaturePng
import cn.cunxin.test.builders.aaLuquanFacts
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.security.SecureRandom

/**
 * What the screens rely on from [Stores] and the open [FieldStore] (households, visits, consents).
 * Extend it with the fake (core/test) and with the real core (impl's tests): both pass the same tests,
 * so the fakes the screens are tested on cannot drift from the core.
 */
abstract class StoreContract {
    abstract fun stores(): Stores

    @TempDir
    lateinit var dir: File

    private fun key() = ByteArray(32).also { SecureRandom().nextBytes(it) }

    private fun failure(code: FailureCode, block: suspend () -> Unit) {
        val e = assertThrows<CunxinFailure> { runBlocking { block() } }
        assertEquals(code, e.code, e.detail)
    }

    /** H001: 王长明 (head) and 李秀英; H002: 单乐. */
    protected fun roster(): String = File(dir, "roster.csv").apply {
        writeText(
            aRosterCsv(
                listOf("H001", "410303197003071239", "王长明", "户主"),
                listOf("H001", "410303197205121222", "李秀英", "配偶"),
                listOf("H002", "410303199003071238", "单乐", "户主"),
            ),
        )
    }.path

    private fun <T> withStore(block: suspend (FieldStore) -> T): T = runBlocking {
        stores().create(File(dir, "store").path, key()).use { store ->
            store.signIn("网格员王五")
            store.households.importRoster(roster())
            block(store)
        }
    }

    @Test
    fun `unlock tells no store, wrong key, wrong passphrase and a short key apart`() = runBlocking {
        val keyDir = File(dir, "key").path
        val passDir = File(dir, "pass").path
        assertEquals(StoreLock.NoStore, stores().lockOf(keyDir))
        failure(FailureCode.NO_STORE) { stores().open(keyDir, key()) }
        val key = key()
        stores().create(keyDir, key.copyOf()).close()
        assertEquals(StoreLock.RawKey, stores().lockOf(keyDir))
        failure(FailureCode.WRONG_KEY) { stores().open(keyDir, key()) }
        failure(FailureCode.INVALID_INPUT) { stores().open(keyDir, ByteArray(16)) }
        failure(FailureCode.STORE_EXISTS) { stores().create(keyDir, key()) }
        stores().open(keyDir, key.copyOf()).close()

        stores().createWithPassphrase(passDir, "村信测试口令2026".toCharArray()).close()
        failure(FailureCode.WRONG_PASSPHRASE) { stores().openWithPassphrase(passDir, "wrong passphrase".toCharArray()) }
        val lock = stores().lockOf(passDir)
        assertTrue(lock is StoreLock.Passphrase && lock.failedAttempts == 1, lock.toString())
        stores().openWithPassphrase(passDir, "村信测试口令2026".toCharArray()).close()
    }

    @Test
    fun `an imported roster lists its households masked, and search finds them by initials and ID tail`() = withStore { store ->
        val lines = store.households.list().sortedBy { it.id }
        assertEquals(listOf("H001", "H002"), lines.map { it.id })
        assertEquals(listOf("王*明", "单*"), lines.map { it.headNameMasked })
        assertEquals("410303********1239", lines[0].headIdMasked)
        assertEquals(listOf(2, 1), lines.map { it.members })
        assertTrue(lines.all { it.state == HouseholdState.IMPORTED }, lines.toString())

        val byInitials = store.households.search("wcm")
        assertEquals(listOf("H001"), byInitials.map { it.household.id })
        assertEquals(MatchedBy.INITIALS, byInitials.single().matchedBy)
        val byIdTail = store.households.search("1238")
        assertEquals(listOf("H002"), byIdTail.map { it.household.id })
        assertEquals("410303********1238", byIdTail.single().memberIdMasked)
    }

    @Test
    fun `a correction keeps the original beside it, and a new member is listed`() = withStore { store ->
        store.households.verify("H001", 0, RosterFieldName.NAME)
        store.households.correct("H001", 0, RosterFieldName.PHONE, "13900001111", "电话已换")
        store.households.addMember("H001", NewMember("王建国", "410303201509301213", "子", reason = "新生儿落户"))
        val detail = store.households.detail("H001")
        val head = detail.members.first { it.isHead }
        assertEquals(FieldCheck.VERIFIED, head.fields.first { it.name == RosterFieldName.NAME }.check)
        val phone = head.fields.first { it.name == RosterFieldName.PHONE }
        assertEquals(FieldCheck.CORRECTED, phone.check)
        assertEquals("13900001111", phone.value)
        assertEquals("13812345678", phone.original)
        assertEquals(3, detail.members.count { !it.removed })
        assertEquals(HouseholdState.IN_PROGRESS, detail.line.state)
        failure(FailureCode.INVALID_INPUT) { store.households.addMember("H001", NewMember("错号", "410303201509301214", "子", reason = "x")) }
        failure(FailureCode.NOT_FOUND) { store.households.detail("H404") }
    }

    @Test
    fun `drafts count revisions and name what changed, and the facts come back`() = withStore { store ->
        val first = store.visits.saveDraft("H001", mapOf("household_size" to FactValue.Integer(3), "applicant_age" to FactValue.Integer(40)))
        assertEquals(listOf("applicant_age", "household_size"), first.changedFields.sorted())
        val second = store.visits.saveDraft("H001", mapOf("household_size" to FactValue.Integer(4), "applicant_age" to FactValue.Integer(40)))
        // The revision is the visit's: saves of one visit share it (a reopen starts the next).
        assertEquals(first.revision, second.revision)
        assertEquals(listOf("household_size"), second.changedFields)
        assertEquals(FactValue.Integer(4), store.visits.facts("H001")["household_size"])
    }

    @Test
    fun `finalize is refused while consents are missing, and the checklist names them`() = withStore { store ->
        store.visits.saveDraft("H002", mapOf("household_size" to FactValue.Integer(1)))
        val missing = store.visits.finalizeChecklist("H002")
        assertTrue(missing.contains(MissingItem.Consent(ConsentKind.PERSONAL_INFO)), missing.toString())
        val e = assertThrows<CunxinFailure> { runBlocking { store.visits.finalize("H002") } }
        assertTrue(e.code == FailureCode.NOT_ALLOWED_IN_STATE || e.code == FailureCode.INVALID_INPUT, e.toString())
    }

    @Test
    fun `both consent texts are in force, versioned, and an empty signature is refused`() = withStore { store ->
        val texts = store.consents.texts()
        assertEquals(ConsentKind.entries.toSet(), texts.map { it.kind }.toSet())
        assertTrue(texts.all { it.version.isNotBlank() && it.sha256.length == 64 && it.zh.isNotBlank() }, texts.toString())
        failure(FailureCode.INVALID_INPUT) { store.consents.sign("H001", ConsentKind.PERSONAL_INFO, "王长明", "王庄村", ByteArray(0)) }
        store.consents.refuse("H001", ConsentKind.CREDIT_INQUIRY, "王长明", "不想查征信")
        val records = store.consents.list("H001")
        assertEquals("不想查征信", records.single().refusedReason)
        assertEquals(ConsentKind.CREDIT_INQUIRY, records.single().kind)
        failure(FailureCode.INVALID_INPUT) { store.consents.refuse("H001", ConsentKind.PERSONAL_INFO, "王长明", " ") }
    }

    @Test
    fun `a signature replaces a refusal, and a signed consent cannot be refused`() = withStore { store ->
        store.consents.refuse("H001", ConsentKind.PERSONAL_INFO, "王长明", "先想一想")
        store.consents.sign("H001", ConsentKind.PERSONAL_INFO, "王长明", "王庄村", aSignaturePng())
        val records = store.consents.list("H001")
        assertEquals(listOf(true), records.map { it.signed }, records.toString())
        failure(FailureCode.NOT_ALLOWED_IN_STATE) { store.consents.refuse("H001", ConsentKind.PERSONAL_INFO, "王长明", "又不想了") }
    }

    @Test
    fun `one value is checked as it is typed, against the scorecard's field`() = withStore { store ->
        assertEquals(FactCheck.Valid, store.visits.validate("applicant_age", FactValue.Integer(40)))
        val tooOld = store.visits.validate("applicant_age", FactValue.Integer(200))
        assertTrue(tooOld is FactCheck.Invalid && tooOld.problem is FactProblem.AboveMax, tooOld.toString())
        assertEquals(FactCheck.Invalid(FactProblem.BelowMin("1")), store.visits.validate("household_size", FactValue.Integer(0)))
        assertEquals(FactCheck.Invalid(FactProblem.NotWhole), store.visits.validate("household_size", FactValue.Number(2.5)))
        assertEquals(FactCheck.Invalid(FactProblem.WrongType), store.visits.validate("household_size", FactValue.Bool(true)))
        assertEquals(FactCheck.Invalid(FactProblem.UnknownFact), store.visits.validate("no_such_fact", FactValue.Integer(1)))
    }

    @Test
    fun `a village before any visit counts its households, none evaluated, and its notice is empty`() = withStore { store ->
        val village = store.villages.list().single()
        val rollUp = store.villages.rollUp(village)
        assertEquals(Triple(2, 0, 0), Triple(rollUp.households, rollUp.evaluated, rollUp.creditHouseholds))
        assertEquals(Verdict.FAIL, rollUp.creditVillage)
        // Seed 002 fails with the share already short; the circuit breaker needs the NPL figure, not on the device.
        assertEquals(Verdict.FAIL to Lending.UNKNOWN, rollUp.creditVillageSeed002 to rollUp.lending)
        assertEquals(null, rollUp.coveragePermille)
        assertEquals(2, rollUp.byGroup.sumOf { it.households })
        assertEquals(0, rollUp.byGroup.sumOf { it.evaluated })
        assertEquals(emptyList<Any>(), store.villages.publicNotice(village).lines)
    }

    @Test
    fun `a village whose every household is scored AA passes seed 001, seed 002 waits for the bank, and its notice lists both masked`() = withStore { store ->
        listOf("H001", "H002").forEach { store.visits.saveDraft(it, aaLuquanFacts) }
        val rollUp = store.villages.rollUp(store.villages.list().single())
        assertEquals(listOf(2, 2, 2, 2), listOf(rollUp.households, rollUp.evaluated, rollUp.eligible, rollUp.creditHouseholds))
        assertEquals(mapOf("AA" to 2), rollUp.grades)
        assertEquals(100_000L, rollUp.proposedTotalYuan)
        assertEquals(Triple(1000L, 1000L, true), Triple(rollUp.creditSharePermille, rollUp.coveragePermille, rollUp.coverageTargetMet))
        assertEquals(Triple(Verdict.PASS, Verdict.UNKNOWN, Lending.UNKNOWN), Triple(rollUp.creditVillage, rollUp.creditVillageSeed002, rollUp.lending))
        val lines = store.villages.publicNotice(rollUp.village).lines
        assertEquals(listOf("王*明" to "410303********1239", "单*" to "410303********1238"), lines.map { it.nameMasked to it.idMasked })
        assertTrue(lines.all { it.grade == "AA" && it.limitYuan == 50_000L }, lines.toString())
    }

    @Test
    fun `the panel is back to back, each member rates once, and a large gap is decided only with a written reason`() = withStore { store ->
        store.visits.saveDraft("H001", aaLuquanFacts)
        store.visits.showEstimate("H001")
        failure(FailureCode.NOT_ALLOWED_IN_STATE) { store.panel.result("H001", "李建国") }
        listOf("李建国" to 20_000L, "王秀英" to 18_000L, "赵明" to 22_000L).forEach { (member, limit) ->
            store.panel.submit("H001", MemberRating(member, PanelRole.RESIDENT_REPRESENTATIVE, limit, 4, 3, 40_000))
        }
        failure(FailureCode.STORE_EXISTS) { store.panel.submit("H001", MemberRating("李建国", PanelRole.VILLAGE_CADRE, 30_000, 4, 3, null)) }
        assertEquals(listOf("李建国", "王秀英", "赵明"), store.panel.ratedBy("H001"))
        val gap = store.panel.result("H001", "李建国").proposal!!
        assertEquals(Triple(ReconcileFlag.NEEDS_REASON, 50_000L, 20_000L), Triple(gap.flag, gap.modelLimitYuan, gap.committeeLimitYuan))
        failure(FailureCode.INVALID_INPUT) { store.panel.decide("H001", 30_000, "  ") }
        val decided = store.panel.decide("H001", 30_000, "去年遭灾减产")
        assertEquals(ReconcileFlag.REASONED to 30_000L, decided.flag to decided.proposedLimitYuan)
        assertEquals("去年遭灾减产", store.panel.result("H001", null).decisionReason)
    }

    @Test
    fun `the notice's contact is kept across a reopen, and a blank branch or a telephone that is not one is refused`() = runBlocking {
        val key = key()
        val path = File(dir, "contact").path
        stores().create(path, key.copyOf()).use { store ->
            assertEquals(null, store.settings.noticeContact())
            failure(FailureCode.INVALID_INPUT) { store.settings.setNoticeContact(NoticeContact(" ", "0379-63210000")) }
            failure(FailureCode.INVALID_INPUT) { store.settings.setNoticeContact(NoticeContact("城关支行", "找王行长")) }
            store.settings.setNoticeContact(NoticeContact(" 城关支行 ", "0379-6321 0000 "))
        }
        stores().open(path, key.copyOf()).use { store ->
            assertEquals(NoticeContact("城关支行", "0379-6321 0000"), store.settings.noticeContact())
        }
    }

    @Test
    fun `the scorecard in use is chosen by name, and one the core cannot read leaves it as it was`() = withStore { store ->
        store.settings.setScorecard("luquan")
        failure(FailureCode.INVALID_INPUT) { store.settings.setScorecard("id = \"bank-2027\"\nversion = ") }
        failure(FailureCode.INVALID_INPUT) { store.settings.setScorecard("no-such-scorecard") }
        assertEquals("luquan", store.settings.current().scorecard)
    }

    @Test
    fun `a new store's hand-over centre has nothing waiting, and only a finalized household reopens, with a reason`() = withStore { store ->
        assertEquals(Waiting(0, 0, 0), store.batches.waiting())
        assertEquals(emptyList<BatchInfo>(), store.batches.list())
        failure(FailureCode.INVALID_INPUT) { store.visits.reopen("H001", " ") }
        failure(FailureCode.NOT_ALLOWED_IN_STATE) { store.visits.reopen("H001", "returned by the bank") }
    }
}
