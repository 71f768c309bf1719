package cn.cunxin.sampleday

import cn.cunxin.api.Cunxin
import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.handover.BatchInfo
import cn.cunxin.api.handover.BatchState
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.households.FieldCheck
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.households.RosterImport
import cn.cunxin.api.households.SideState
import cn.cunxin.api.photos.PhotoCapture
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.photos.PhotoRequest
import cn.cunxin.api.photos.Photos
import cn.cunxin.api.scoring.FactField
import cn.cunxin.api.scoring.FactType
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.scoring.ReconcileFlag
import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.visit.MissingItem
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.designsystem.Language
import cn.cunxin.features.consents.ConsentsEvent
import cn.cunxin.features.consents.ConsentsPresenter
import cn.cunxin.features.consents.Point
import cn.cunxin.features.consents.SignatureImage
import cn.cunxin.features.estimate.EstimateEvent
import cn.cunxin.features.estimate.EstimatePresenter
import cn.cunxin.features.facts.FactsEvent
import cn.cunxin.features.facts.FactsPresenter
import cn.cunxin.features.finalize.FinalizeEvent
import cn.cunxin.features.finalize.FinalizePresenter
import cn.cunxin.features.handover.HandOverEvent
import cn.cunxin.features.handover.HandOverPresenter
import cn.cunxin.features.household.HouseholdDialog
import cn.cunxin.features.household.HouseholdEvent
import cn.cunxin.features.household.HouseholdPresenter
import cn.cunxin.features.household.HouseholdScreenState
import cn.cunxin.features.panel.Decision
import cn.cunxin.features.panel.PanelEvent
import cn.cunxin.features.panel.PanelPresenter
import cn.cunxin.features.panel.PanelStep
import cn.cunxin.features.panel.RatingDraft
import cn.cunxin.features.panel.SettingField
import cn.cunxin.features.panel.SettingsEvent
import cn.cunxin.features.panel.SettingsPresenter
import cn.cunxin.features.panel.TextSize
import cn.cunxin.features.photos.Camera
import cn.cunxin.features.photos.PhotosEvent
import cn.cunxin.features.photos.PhotosPresenter
import cn.cunxin.features.photos.PhotosState
import cn.cunxin.features.photos.Slot
import cn.cunxin.features.unlock.UnlockEvent
import cn.cunxin.features.unlock.UnlockPresenter
import cn.cunxin.features.unlock.UnlockState
import cn.cunxin.features.village.DashboardEvent
import cn.cunxin.features.village.DashboardPresenter
import cn.cunxin.features.village.NoticeEvent
import cn.cunxin.features.village.NoticePresenter
import cn.cunxin.features.worklist.WorkListEvent
import cn.cunxin.features.worklist.WorkListPresenter
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.File
import java.time.LocalDate
import java.util.concurrent.ConcurrentHashMap

/** The bank's platform the day hands over to; it learns the device's key once the store exists. */
fun interface Bank {
    suspend fun register(devicePublicKey: String): BankEndpoint
}

/** What the branch enters in the settings for the bank (as the platform's operator hands it over), and the network client. */
data class BankEndpoint(val uploadAddress: String, val platformKey: String, val bankRecipients: String, val http: HttpClient)

/** What the day did, as the store reported it on the way. */
data class FieldDayReport(
    val imported: RosterImport,
    /** Household → sample photo file → the SHA-256 the store reported when it took the photo. */
    val photoSha256: Map<String, Map<String, String>>,
    /** Every batch sealed, newest first, with the bank's receipt and the households it returned. */
    val batches: List<BatchInfo>,
    /** The printable public notices written, one per village with credit households. */
    val noticePages: List<File>,
    /** Milliseconds each part of the day took (unlock, settings, doors, panel, finalize, village, hand-over). */
    val millis: Map<String, Long>,
)

/**
 * One grid manager's day on the [sample] village, entirely through the screens' presenters over
 * [cunxin]: create the store, enter the bank's settings, import the roster; at each door of the
 * script find the household, check the members against their ID cards, enter the facts on the
 * household's scorecard, take the photos (a flagged one kept with the script's reason), sign the
 * consents with the sample's signature images and show the estimate, or record not home /
 * declined; then the review panel back to back with the gap reasons, finalize, the village
 * dashboard and public notice, and the hand-over centre: seal, upload, the receipt, the purge.
 * [shooter] sees every screen on the way. [work] takes the camera's copies and the notice pages.
 */
class FieldDay(
    private val cunxin: Cunxin,
    private val storeDir: File,
    private val sample: SampleVillage,
    private val bank: Bank,
    private val passphrase: String,
    private val work: File,
    private val shooter: ScreenShooter = ScreenShooter.NONE,
    private val operator: String = "网格员王五",
    private val today: LocalDate = LocalDate.now(),
) {
    private val photoSha256 = ConcurrentHashMap<String, MutableMap<String, String>>()
    private var scorecardInUse: String? = null

    /** The bank's network client, known once the bank has registered the device. */
    private var http: HttpClient? = null

    suspend fun run(): FieldDayReport {
        work.mkdirs()
        val millis = linkedMapOf<String, Long>()
        suspend fun <T> timed(part: String, block: suspend () -> T): T {
            val started = System.nanoTime()
            return block().also { millis[part] = (millis[part] ?: 0) + (System.nanoTime() - started) / 1_000_000 }
        }
        val (store, check) = timed("unlock") { screen { scope -> unlock(scope) } }
        try {
            store.signIn(operator)
            timed("settings") { screen { scope -> enterBankSettings(store, check, scope) } }
            val imported = timed("doors") { screen { scope -> visitDoors(store, check, scope) } }
            timed("panel") { for (village in sample.villages) screen { scope -> reviewPanel(store, check, village, scope) } }
            timed("finalize") { for (household in sample.households.filter { it.door == Door.VISIT }) screen { scope -> finalize(store, household, scope) } }
            val pages = timed("village") { screen { scope -> villageScreens(store, scope) } }
            val batches = timed("hand-over") { screen { scope -> handOver(store, scope) } }
            showWorkList(store, "end-of-day")
            return FieldDayReport(imported, photoSha256.mapValues { it.value.toMap() }, batches, pages, millis)
        } finally {
            store.close()
        }
    }

    /** Each screen's presenters live on their own scope, dropped when the grid manager leaves it. */
    private suspend fun <T> screen(block: suspend (CoroutineScope) -> T): T {
        val scope = presenterScope()
        try {
            return block(scope)
        } finally {
            scope.cancel()
        }
    }

    private fun shoot(screen: Screen, moment: String, household: ScriptHousehold?, state: Any) = shooter.shoot(Shot(screen, moment, household, state))

    private suspend fun unlock(scope: CoroutineScope): Pair<FieldStore, PassphraseCheck> {
        val opened = CompletableDeferred<Pair<FieldStore, PassphraseCheck>>()
        val unlock = UnlockPresenter(cunxin.stores, storeDir.path, { s, c -> opened.complete(s to c) }, scope, realDispatchers)
        val mode = unlock.await("the unlock screen") { it.mode != UnlockState.Mode.CHECKING }.mode
        check(mode == UnlockState.Mode.CREATE) { "the day starts on a new store, but $storeDir already holds one" }
        unlock.onEvent(UnlockEvent.PassphraseChanged(passphrase))
        shoot(Screen.UNLOCK, "create", null, unlock.state.value)
        unlock.onEvent(UnlockEvent.Submit)
        return withTimeout(SLOW_MILLIS) { opened.await() }
    }

    /** The settings screen behind the passphrase: the platform's address, its receipt key and the bank's age recipient. */
    private suspend fun enterBankSettings(store: FieldStore, check: PassphraseCheck, scope: CoroutineScope) {
        val endpoint = bank.register(store.settings.devicePublicKey())
        http = endpoint.http
        val settings = SettingsPresenter(store.settings, check, Language.ZH, TextSize.NORMAL, { _, _ -> }, scope, realDispatchers)
        settings.onEvent(SettingsEvent.PassphraseChanged(passphrase))
        settings.onEvent(SettingsEvent.Unlock)
        settings.await("the settings") { it.unlocked && !it.loading && it.settings != null }
        for ((field, text) in listOf(
            SettingField.UPLOAD_ADDRESS to endpoint.uploadAddress,
            SettingField.PLATFORM_KEY to endpoint.platformKey,
            SettingField.BANK_RECIPIENTS to endpoint.bankRecipients,
        )) {
            settings.onEvent(SettingsEvent.DraftChanged(field, text))
            settings.onEvent(SettingsEvent.Save(field))
            val saved = settings.await("$field saved") { !it.working && (it.saved == field || field in it.refused) }
            saved.refused[field]?.let { throw it }
        }
        shoot(Screen.SETTINGS, "bank", null, settings.await("the settings reloaded") { !it.loading && it.settings?.uploadAddress != null })
    }

    /** The work list: the roster imported, then each door of the script in order. */
    private suspend fun visitDoors(store: FieldStore, check: PassphraseCheck, scope: CoroutineScope): RosterImport {
        val list = WorkListPresenter(store.households, store.batches, MutableStateFlow(false), { sample.roster.path }, {}, scope, realDispatchers)
        list.await("the empty work list") { !it.loading }
        list.onEvent(WorkListEvent.PickRoster)
        val imported = list.await("the roster's import report", SLOW_MILLIS) { it.imported != null && !it.importing }
        shoot(Screen.WORK_LIST, "import", null, imported)
        list.onEvent(WorkListEvent.DismissImport)
        for (household in sample.households) {
            list.onEvent(WorkListEvent.QueryChanged(household.id))
            val found = list.await("the search for ${household.id}") { it.hitsQuery == household.id && !it.loading }
            check(found.hits.any { it.household.id == household.id }) { "${household.id} of the script is not in the work list after the import" }
            list.onEvent(WorkListEvent.Selected(household.id))
            if (household == sample.households.first()) shoot(Screen.WORK_LIST, "search", household, list.state.value)
            screen { visit -> door(store, check, household, visit) }
        }
        showWorkList(store, "end-of-visits")
        return imported.imported!!
    }

    /** The work list as it opens again (counts as the store has them now), for the screens. */
    private suspend fun showWorkList(store: FieldStore, moment: String) = screen { scope ->
        val list = WorkListPresenter(store.households, store.batches, MutableStateFlow(false), { null }, {}, scope, realDispatchers)
        shoot(Screen.WORK_LIST, moment, null, list.await("the work list") { !it.loading && it.hitsQuery == "" })
    }

    private suspend fun door(store: FieldStore, check: PassphraseCheck, household: ScriptHousehold, scope: CoroutineScope) {
        val screen = HouseholdPresenter(household.id, store, {}, scope, realDispatchers)
        val detail = screen.await("${household.id}'s household screen") { it.detail != null }.detail!!
        when (household.door) {
            Door.NOT_HOME -> {
                // Come back the next evening (the core takes a date or a time with its offset).
                val revisit = "${today.plusDays(1)}T18:00:00+08:00"
                screen.onEvent(HouseholdEvent.Open(HouseholdDialog.Side(HouseholdDialog.SideKind.NOT_HOME, "家中无人，邻居说晚上回来", revisit)))
                screen.onEvent(HouseholdEvent.Confirm)
                shoot(Screen.HOUSEHOLD, "not-home", household, screen.settled("${household.id} not home") { it.detail?.sideState is SideState.NotHome })
                return
            }
            Door.DECLINED -> {
                screen.onEvent(HouseholdEvent.Open(HouseholdDialog.Side(HouseholdDialog.SideKind.DECLINED, "户主表示暂不需要贷款")))
                screen.onEvent(HouseholdEvent.Confirm)
                shoot(Screen.HOUSEHOLD, "declined", household, screen.settled("${household.id} declined") { it.detail?.sideState is SideState.Declined })
                return
            }
            Door.VISIT -> Unit
        }
        // Each member's name and ID number against the ID card.
        val checked = detail.members.filter { !it.removed }.flatMap { m ->
            m.fields.filter { it.name in CHECKED_AGAINST_ID_CARD && it.value != null && it.check == FieldCheck.UNCHECKED }.map { m.index to it.name }
        }
        checked.forEach { (member, field) -> screen.onEvent(HouseholdEvent.Verify(member, field)) }
        shoot(Screen.HOUSEHOLD, "verified", household, screen.settled("${household.id}'s members checked") { s ->
            checked.all { (member, field) -> s.detail!!.members.first { it.index == member }.fields.first { it.name == field }.check == FieldCheck.VERIFIED }
        })

        useScorecard(store, household.scorecard)
        enterFacts(store, household, scope)
        takePhotos(store, household, scope)
        signConsents(store, household, scope)
        showEstimate(store, check, household, scope)
        // Back on the household: the evidence so far, as the grid manager checks it before leaving.
        screen.onEvent(HouseholdEvent.Refresh)
        shoot(Screen.HOUSEHOLD, "visited", household, screen.settled("${household.id} with its evidence") { s ->
            s.consents.size == household.consents.size && s.photos.size == household.photos.size && s.photos.all { it.id in s.thumbnails }
        })
    }

    /** The household screen once [done], or its failure thrown (the core's masked sentence). */
    private suspend fun HouseholdPresenter.settled(what: String, done: (HouseholdScreenState) -> Boolean): HouseholdScreenState =
        await(what) { it.failure != null || done(it) }.also { s -> s.failure?.let { throw it } }

    /** The store's scorecard follows the household's: the form, the estimate, the checklist and the cap all read it. */
    private suspend fun useScorecard(store: FieldStore, scorecard: String) {
        if (scorecardInUse == scorecard) return
        store.settings.setScorecard(scorecard)
        scorecardInUse = scorecard
    }

    private suspend fun enterFacts(store: FieldStore, household: ScriptHousehold, scope: CoroutineScope) {
        val facts = FactsPresenter(household.id, store.visits, scope, realDispatchers)
        val form = facts.await("${household.id}'s facts form") { it.form != null }.form!!
        for ((factId, value) in household.facts) {
            val field = form.fields.firstOrNull { it.id == factId } ?: error("the sample's fact $factId is not on the ${household.scorecard} form")
            facts.onEvent(factEvent(field, value))
        }
        val filled = facts.await("${household.id}'s facts saved") { s ->
            !s.saving && s.values.keys.containsAll(household.facts.keys) && (s.failure != null || s.progress?.missingFacts?.isEmpty() == true)
        }
        filled.failure?.let { throw it }
        check(filled.fieldErrors.isEmpty() && filled.progress!!.invalidFacts.isEmpty()) {
            "the core refused ${household.id}'s facts ${filled.fieldErrors.keys + filled.progress!!.invalidFacts}"
        }
        shoot(Screen.FACTS, "filled", household, filled)
    }

    private fun factEvent(field: FactField, value: JsonElement): FactsEvent = when (field.type) {
        FactType.INTEGER, FactType.NUMBER -> FactsEvent.Typed(field.id, value.jsonPrimitive.content)
        FactType.BOOLEAN -> FactsEvent.Chosen(field.id, FactValue.Bool(value.jsonPrimitive.boolean))
        FactType.OPTION -> FactsEvent.Chosen(field.id, FactValue.Choice(value.jsonPrimitive.content))
        FactType.OPTION_LIST -> FactsEvent.Chosen(field.id, FactValue.Choices(value.jsonArray.map { it.jsonPrimitive.content }))
        FactType.LEVELS -> FactsEvent.Chosen(field.id, FactValue.Levels(value.jsonObject.mapValues { it.value.jsonPrimitive.content }))
    }

    private suspend fun takePhotos(store: FieldStore, household: ScriptHousehold, scope: CoroutineScope) {
        val camera = SampleCamera(sample, work)
        val photos = PhotosPresenter(household.id, CaptureLog(store.photos, camera, photoSha256.getOrPut(household.id) { ConcurrentHashMap() }), camera, operator, scope, realDispatchers)
        photos.await("${household.id}'s photo checklist") { !it.loading }
        for (photo in household.photos) {
            camera.aim(photo)
            // A new photo is one whose id was not on the screen before (a reload may list it before the capture returns).
            val before = photos.state.value.photos.map { it.id }.toSet()
            fun PhotosState.added() = this.photos.any { it.id !in before }
            photos.onEvent(PhotosEvent.Capture(Slot(photo.kind, null)))
            var taken = photos.await("${photo.file} taken") { it.capturing == null && (it.flagged != null || it.failure != null || it.added()) }
            taken.flagged?.let { flagged ->
                val reason = photo.keepReason ?: error("the core flagged ${photo.file} (${flagged.flags}) and the script gives no reason to keep it")
                photos.onEvent(PhotosEvent.ReasonChanged(reason))
                shoot(Screen.PHOTOS, "flagged", household, photos.state.value)
                photos.onEvent(PhotosEvent.Keep)
                taken = photos.await("${photo.file} kept") { it.capturing == null && it.flagged == null && (it.failure != null || it.added()) }
            }
            taken.failure?.let { throw it }
            if (taken.similar.isNotEmpty()) shoot(Screen.PHOTOS, "similar", household, taken)
        }
        shoot(Screen.PHOTOS, "taken", household, photos.await("${household.id}'s thumbnails") { s -> s.photos.all { it.id in s.thumbnails } })
    }

    private suspend fun signConsents(store: FieldStore, household: ScriptHousehold, scope: CoroutineScope) {
        val pad = SampleSignaturePad(sample)
        val consents = ConsentsPresenter(household.id, store.consents, household.consents.firstOrNull()?.signer.orEmpty(), household.village, pad, scope, realDispatchers)
        consents.await("${household.id}'s consent texts") { !it.loading }
        for (consent in household.consents) {
            consents.onEvent(ConsentsEvent.Choose(consent.kind))
            consents.onEvent(ConsentsEvent.SignerChanged(consent.signer))
            pad.load(consent.signature)
            drawSignature(consents)
            shoot(Screen.CONSENTS, "signing-${consent.kind.name.lowercase()}", household, consents.state.value)
            consents.onEvent(ConsentsEvent.Sign)
            val done = consents.await("${household.id}'s ${consent.kind}") { s -> !s.busy && (s.failure != null || s.record(consent.kind)?.signed == true) }
            done.failure?.let { throw it }
        }
        shoot(Screen.CONSENTS, "done", household, consents.state.value)
    }

    /** A stroke across the pad, as a finger draws it; the pad hands the core the sample's own image. */
    private fun drawSignature(consents: ConsentsPresenter) {
        consents.onEvent(ConsentsEvent.StrokeStarted(Point(40f, 120f)))
        (1..90).forEach { n ->
            val x = 40f + n * 4.4f
            consents.onEvent(ConsentsEvent.StrokeExtended(Point(x + 14f * kotlin.math.cos(n / 2.2f), 120f - 38f * kotlin.math.sin(n / 2.2f) * kotlin.math.cos(n / 17f))))
        }
    }

    private suspend fun showEstimate(store: FieldStore, check: PassphraseCheck, household: ScriptHousehold, scope: CoroutineScope) {
        val handedBack = CompletableDeferred<Unit>()
        val estimate = EstimatePresenter(household.id, store.visits, check, { handedBack.complete(Unit) }, scope, realDispatchers)
        val shown = estimate.await("${household.id}'s estimate") { !it.loading }
        shown.failure?.let { throw it }
        shoot(Screen.ESTIMATE, "shown", household, shown)
        // The resident hands the tablet back; only the grid manager's passphrase leaves the screen.
        estimate.onEvent(EstimateEvent.AskToLeave)
        estimate.onEvent(EstimateEvent.PassphraseChanged(passphrase))
        estimate.onEvent(EstimateEvent.ConfirmLeave)
        withTimeout(SLOW_MILLIS) { handedBack.await() }
    }

    /** The village's panel on one tablet: each member rates every household in turn (abstaining where the script has no rating), then the gap decisions. */
    private suspend fun reviewPanel(store: FieldStore, check: PassphraseCheck, village: String, scope: CoroutineScope) {
        val script = sample.households.associateBy { it.id }
        val panel = PanelPresenter(store, check, scope, realDispatchers, village)
        panel.await("the $village panel") { !it.loading }
        for ((n, member) in sample.panel.withIndex()) {
            panel.onEvent(PanelEvent.NameChanged(member.name))
            panel.onEvent(PanelEvent.RoleChosen(member.role))
            panel.onEvent(PanelEvent.StartRating)
            var seat = panel.await("${member.role} seated") { !it.working && (it.step == PanelStep.RATING || it.problem != null || it.failure != null) }
            seat.failure?.let { throw it }
            check(seat.step == PanelStep.RATING) { "the panel did not seat ${member.role}: ${seat.problem}" }
            while (seat.step == PanelStep.RATING) {
                val line = seat.rating!!
                val rating = script[line.id]?.ratings?.firstOrNull { it.member == member.name }
                panel.onEvent(PanelEvent.DraftChanged(rating?.let(::draftOf) ?: RatingDraft(abstains = true, note = "未走访")))
                if (n == 0 && seat.position == 0) shoot(Screen.PANEL, "rating", script[line.id], panel.state.value)
                val position = seat.position
                panel.onEvent(PanelEvent.Submit)
                seat = panel.await("${member.role}'s rating of ${line.id}") { !it.working && (it.step != PanelStep.RATING || it.position != position || it.problem != null || it.failure != null) }
                seat.failure?.let { throw it }
                check(seat.problem == null) { "the panel refused ${member.role}'s rating of ${line.id}: ${seat.problem}" }
            }
            if (n == 0) shoot(Screen.PANEL, "hand-over", null, seat)
            panel.onEvent(PanelEvent.NextMember)
        }
        panel.onEvent(PanelEvent.PassphraseChanged(passphrase))
        panel.onEvent(PanelEvent.ShowResults)
        var results = panel.await("the $village results") { it.step == PanelStep.RESULTS && !it.working && (it.results.isNotEmpty() || it.failure != null) }
        results.failure?.let { throw it }
        for (household in sample.households.filter { it.village == village }) {
            val proposal = results.results[household.id]?.proposal ?: continue
            if (proposal.flag != ReconcileFlag.NEEDS_REASON) continue
            val reason = household.gapReason ?: error("the core needs a reason for ${household.id}'s gap between the model's and the panel's limits; the script gives none")
            useScorecard(store, household.scorecard)
            panel.onEvent(PanelEvent.DecisionChanged(household.id, Decision(reason, household.gapLimit.amount(proposal.modelLimitYuan, proposal.committeeLimitYuan ?: proposal.modelLimitYuan).toString())))
            panel.onEvent(PanelEvent.Decide(household.id))
            results = panel.await("the decision on ${household.id}") { !it.working && (it.failure != null || it.problem != null || it.results[household.id]?.proposal?.flag == ReconcileFlag.REASONED) }
            results.failure?.let { throw it }
            check(results.problem == null) { "the panel refused the decision on ${household.id}: ${results.problem}" }
        }
        shoot(Screen.PANEL, "results", null, results)
    }

    private fun draftOf(rating: ScriptRating) = RatingDraft(
        business = rating.business,
        income = rating.incomeYuan?.toString().orEmpty(),
        integrity = rating.integrity,
        limit = rating.limitYuan?.toString().orEmpty(),
        abstains = rating.limitYuan == null,
    )

    private suspend fun finalize(store: FieldStore, household: ScriptHousehold, scope: CoroutineScope) {
        useScorecard(store, household.scorecard)
        val screen = FinalizePresenter(household.id, store, {}, scope, realDispatchers)
        val ready = screen.await("${household.id}'s checklist") { !it.loading }
        val unsigned = ConsentKind.entries.toSet() - household.consents.map { it.kind }.toSet()
        if (ready.missing.isNotEmpty() && ready.missing.all { it is MissingItem.Consent && it.kind in unsigned }) {
            // The sample plants a household whose resident did not sign every consent, to see the
            // bank return it. The screen rightly offers no Finalize then; the core's finalize does
            // not hold the device's checklist against it, so the day finalizes it through the api.
            shoot(Screen.FINALIZE, "consent-missing", household, ready)
            store.visits.finalize(household.id)
            return
        }
        check(ready.missing.isEmpty()) { "${household.id} cannot be finalized, still missing ${ready.missing}" }
        screen.onEvent(FinalizeEvent.Finalize)
        val done = screen.await("${household.id} finalized") { !it.busy && (it.finalized || it.failure != null) }
        done.failure?.let { throw it }
        if (household == sample.households.first { it.door == Door.VISIT }) shoot(Screen.FINALIZE, "finalized", household, done)
    }

    /** The branch manager's screens: each village's roll-up, and its public notice written as a page. */
    private suspend fun villageScreens(store: FieldStore, scope: CoroutineScope): List<File> {
        val pages = mutableListOf<File>()
        val folder = File(work, "notices").apply { mkdirs() }
        val dashboard = DashboardPresenter(store.villages, scope, realDispatchers)
        val notice = NoticePresenter(store, { folder.path }, scope, realDispatchers, today)
        notice.await("the notice") { !it.loading }
        notice.onEvent(NoticeEvent.BranchChanged("${sample.town}支行"))
        notice.onEvent(NoticeEvent.TelephoneChanged("0379-6321 0000"))
        notice.onEvent(NoticeEvent.SaveContact)
        notice.await("the notice contact kept") { it.contactJustSaved || it.contactRefused || it.failure != null }.failure?.let { throw it }
        for (village in sample.villages) {
            // The roll-up scores with the scorecard in use: the one most of the village's households were visited on.
            useScorecard(store, sample.households.filter { it.village == village }.groupingBy { it.scorecard }.eachCount().maxBy { it.value }.key)
            dashboard.onEvent(DashboardEvent.VillageChosen(village))
            dashboard.onEvent(DashboardEvent.Refresh)
            shoot(Screen.DASHBOARD, village, null, dashboard.await("the $village roll-up") { !it.loading && it.village == village && (it.rollUp != null || it.failure != null) })
            notice.onEvent(NoticeEvent.VillageChosen(village))
            notice.onEvent(NoticeEvent.Refresh)
            val listed = notice.await("the $village notice") { !it.loading && it.village == village && (it.notice != null || it.failure != null) }
            listed.failure?.let { throw it }
            if (listed.canWrite) {
                notice.onEvent(NoticeEvent.WritePage)
                val written = notice.await("the $village notice page") { !it.writing && (it.writtenTo != null || it.failure != null) }
                written.failure?.let { throw it }
                pages += File(written.writtenTo!!)
            }
            shoot(Screen.NOTICE, village, null, notice.state.value)
        }
        return pages
    }

    /** The hand-over centre: seal what is finalized, upload it, take the receipt (which purges what the bank accepted). */
    private suspend fun handOver(store: FieldStore, scope: CoroutineScope): List<BatchInfo> {
        val screen = HandOverPresenter(store, http ?: error("the bank's settings were never entered"), { null }, scope, realDispatchers)
        shoot(Screen.HAND_OVER, "waiting", null, screen.await("the hand-over centre") { !it.loading })
        screen.onEvent(HandOverEvent.Seal)
        val sealed = screen.await("the sealed batch", SLOW_MILLIS) { it.working == null && (it.failure != null || it.waiting.sealedBatches > 0) }
        sealed.failure?.let { throw it }
        shoot(Screen.HAND_OVER, "sealed", null, sealed)
        screen.onEvent(HandOverEvent.HandOver)
        val received = screen.await("the bank's receipt", SLOW_MILLIS) { it.working == null && (it.failure != null || it.batches.all { b -> b.state == BatchState.UPLOADED }) }
        received.failure?.let { throw it }
        shoot(Screen.HAND_OVER, "received", null, received)
        // What the bank returned is opened again from the screen, with the bank's reason, to be put right.
        val returned = received.batches.flatMap { it.returned }.map { it.household }
        for (household in returned) {
            screen.onEvent(HandOverEvent.Reopen(household))
            screen.await("$household reopened") { it.working == null && (it.failure != null || it.returnedStates[household] == HouseholdState.IN_PROGRESS) }.failure?.let { throw it }
        }
        if (returned.isNotEmpty()) shoot(Screen.HAND_OVER, "reopened", null, screen.state.value)
        return received.batches
    }

    private companion object {
        /** Key derivation, a village's roster, sealing and uploading a village: longer than a screen's usual wait. */
        const val SLOW_MILLIS = 180_000L

        val CHECKED_AGAINST_ID_CARD = setOf(RosterFieldName.NAME, RosterFieldName.ID_NUMBER)
    }
}

/** The camera: each shot is a copy of the sample's JPEG for the photo aimed at (the core deletes the camera's file once stored). */
private class SampleCamera(private val sample: SampleVillage, private val scratch: File) : Camera {
    private var aimed: ScriptPhoto? = null
    private var shots = 0
    val sampleFileOf = ConcurrentHashMap<String, String>()

    fun aim(photo: ScriptPhoto) {
        aimed = photo
    }

    override suspend fun capture(kind: PhotoKind, member: Int?): String {
        val photo = aimed ?: error("the camera was opened without a photo to take")
        val copy = File(scratch, "camera-${System.nanoTime()}-${shots++}.jpg")
        sample.file(photo.file).copyTo(copy, overwrite = true)
        sampleFileOf[copy.path] = photo.file
        return copy.path
    }
}

/** The store's photos as they are, noting the SHA-256 the core reports for each photo it stores, by the sample file it came from. */
private class CaptureLog(private val photos: Photos, private val camera: SampleCamera, private val sha256ByFile: MutableMap<String, String>) : Photos by photos {
    override suspend fun take(household: String, cameraFile: String, photo: PhotoRequest, overrideReason: String?): PhotoCapture =
        photos.take(household, cameraFile, photo, overrideReason).also { taken ->
            if (taken is PhotoCapture.Stored) sha256ByFile[camera.sampleFileOf.getValue(cameraFile)] = taken.sha256
        }
}

/** The signature pad: what the resident draws is shown, and the core gets the sample's signature image for it. */
private class SampleSignaturePad(private val sample: SampleVillage) : SignatureImage {
    @Volatile
    private var signature: ByteArray? = null

    fun load(file: String) {
        signature = sample.file(file).readBytes()
    }

    override fun png(strokes: List<List<Point>>, width: Int, height: Int): ByteArray = signature ?: error("no sample signature on the pad")
}
