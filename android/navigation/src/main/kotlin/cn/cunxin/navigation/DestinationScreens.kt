package cn.cunxin.navigation

import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Modifier
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.store.FieldStore
import cn.cunxin.architecture.VisitStep
import cn.cunxin.designsystem.Language
import cn.cunxin.designsystem.TwoPaneMinWidth
import cn.cunxin.designsystem.strings
import cn.cunxin.features.consents.ConsentsPresenter
import cn.cunxin.features.consents.ConsentsView
import cn.cunxin.features.estimate.EstimateEvent
import cn.cunxin.features.estimate.EstimatePresenter
import cn.cunxin.features.estimate.EstimateView
import cn.cunxin.features.facts.FactsPresenter
import cn.cunxin.features.facts.FactsView
import cn.cunxin.features.finalize.FinalizePresenter
import cn.cunxin.features.finalize.FinalizeView
import cn.cunxin.features.handover.HandOverPresenter
import cn.cunxin.features.handover.HandOverView
import cn.cunxin.features.household.HouseholdEvent
import cn.cunxin.features.household.HouseholdPresenter
import cn.cunxin.features.household.HouseholdView
import cn.cunxin.features.panel.PanelPresenter
import cn.cunxin.features.panel.PanelView
import cn.cunxin.features.panel.SettingsPresenter
import cn.cunxin.features.panel.SettingsView
import cn.cunxin.features.photos.PhotosPresenter
import cn.cunxin.features.photos.PhotosView
import cn.cunxin.features.village.DashboardPresenter
import cn.cunxin.features.village.DashboardView
import cn.cunxin.features.village.NoticePresenter
import cn.cunxin.features.village.NoticeView
import cn.cunxin.features.worklist.WorkListEvent
import cn.cunxin.features.worklist.WorkListPresenter
import cn.cunxin.features.worklist.WorkListView

// Each destination: its presenter over the open store, its view, in the app's frame.

@Composable
internal fun WorkList(session: AppSession, language: Language, onLanguage: (Language) -> Unit) {
    val store = session.store ?: return
    val scope = rememberCoroutineScope()
    val selected by session.selected.collectAsState()
    var wide by remember { mutableStateOf(true) }
    val presenter = remember(store) {
        WorkListPresenter(store.households, store.batches, session.online, session.pickRoster, { id ->
            if (wide) session.selected.value = id else session.go(id, VisitStep.HOUSEHOLD)
        }, scope, session.dispatchers, session.selected.value)
    }
    LaunchedEffect(Unit) { presenter.onEvent(WorkListEvent.Refresh) }
    val state by presenter.state.collectAsState()
    val toBranchScreens = @Composable {
        listOf(
            Destination.ReviewPanel to strings.reviewPanel, Destination.VillageDashboard to strings.villageDashboard,
            Destination.PublicNotice to strings.publicNotice, Destination.HandOver to strings.handOverCentre, Destination.Settings to strings.settings,
        ).forEach { (to, label) ->
            TextButton({ session.backStack.push(to) }) { Text(label, color = MaterialTheme.colorScheme.onPrimary) }
        }
    }
    Frame(session, null, language, onLanguage, strings.workList, extra = toBranchScreens) {
        BoxWithConstraints(Modifier.fillMaxSize()) {
            wide = maxWidth >= TwoPaneMinWidth
            WorkListView(state, presenter, detail = selected?.let { id -> { HouseholdPane(session, store, id) } })
        }
    }
}

@Composable
internal fun HandOver(session: AppSession, language: Language, onLanguage: (Language) -> Unit) {
    val store = session.store ?: return
    val scope = rememberCoroutineScope()
    val presenter = remember(store) { HandOverPresenter(store, session.http, session.pickFolder, scope, session.dispatchers) }
    Frame(session, { session.backStack.pop() }, language, onLanguage, strings.handOverCentre) { HandOverView(presenter.state.collectAsState().value, presenter) }
}

@Composable
internal fun VillageDashboard(session: AppSession, language: Language, onLanguage: (Language) -> Unit) {
    val store = session.store ?: return
    val scope = rememberCoroutineScope()
    val presenter = remember(store) { DashboardPresenter(store.villages, scope, session.dispatchers) }
    Frame(session, { session.backStack.pop() }, language, onLanguage, strings.villageDashboard) { DashboardView(presenter.state.collectAsState().value, presenter) }
}

@Composable
internal fun PublicNotice(session: AppSession, language: Language, onLanguage: (Language) -> Unit) {
    val store = session.store ?: return
    val scope = rememberCoroutineScope()
    val presenter = remember(store) { NoticePresenter(store, session.pickFolder, scope, session.dispatchers) }
    Frame(session, { session.backStack.pop() }, language, onLanguage, strings.publicNotice) { NoticeView(presenter.state.collectAsState().value, presenter) }
}

@Composable
internal fun ReviewPanel(session: AppSession, language: Language, onLanguage: (Language) -> Unit) {
    val store = session.store ?: return
    val check = session.managerCheck ?: return
    val scope = rememberCoroutineScope()
    val presenter = remember(store) { PanelPresenter(store, check, scope, session.dispatchers) }
    Frame(session, { session.backStack.pop() }, language, onLanguage, strings.reviewPanel) { PanelView(presenter.state.collectAsState().value, presenter) }
}

@Composable
internal fun SettingsScreen(session: AppSession, language: Language, onLanguage: (Language) -> Unit) {
    val store = session.store ?: return
    val check = session.managerCheck ?: return
    val scope = rememberCoroutineScope()
    val presenter = remember(store) {
        SettingsPresenter(store.settings, check, language, session.textSize.value, { l, size ->
            session.textSize.value = size
            onLanguage(l)
        }, scope, session.dispatchers)
    }
    Frame(session, { session.backStack.pop() }, language, onLanguage, strings.settings) { SettingsView(presenter.state.collectAsState().value, presenter) }
}

@Composable
private fun HouseholdPane(session: AppSession, store: FieldStore, household: String) {
    val scope = rememberCoroutineScope()
    val presenter = remember(household) { HouseholdPresenter(household, store, { step -> session.go(household, step) }, scope, session.dispatchers) }
    val state by presenter.state.collectAsState()
    HouseholdView(state, presenter)
}

@Composable
internal fun Visit(session: AppSession, destination: Destination.Visit, language: Language, onLanguage: (Language) -> Unit) {
    val store = session.store ?: return
    val scope = rememberCoroutineScope()
    val id = destination.household
    val s = strings
    val back = { session.backStack.pop(); Unit }
    val go = { step: VisitStep -> session.go(id, step) }
    when (destination.step) {
        VisitStep.HOUSEHOLD -> {
            val p = remember(destination) { HouseholdPresenter(id, store, go, scope, session.dispatchers) }
            LaunchedEffect(destination) { p.onEvent(HouseholdEvent.Refresh) }
            Frame(session, back, language, onLanguage, s.householdTitle(id)) { HouseholdView(p.state.collectAsState().value, p) }
        }
        VisitStep.FACTS -> {
            val p = remember(destination) { FactsPresenter(id, store.visits, scope, session.dispatchers) }
            Frame(session, back, language, onLanguage, s.facts + " · " + id) { FactsView(p.state.collectAsState().value, p) }
        }
        VisitStep.PHOTOS -> {
            val p = remember(destination) { PhotosPresenter(id, store.photos, session.camera, session.operator, scope, session.dispatchers) }
            Frame(session, back, language, onLanguage, s.photosTitle + " · " + id) { PhotosView(p.state.collectAsState().value, p) }
        }
        VisitStep.CONSENTS -> {
            val signer = remember(destination) { mutableStateOf("") }
            LaunchedEffect(destination) {
                signer.value = runCatching { store.households.detail(id).members.first { it.isHead }.fields.first { it.name == RosterFieldName.NAME }.value }.getOrNull().orEmpty()
            }
            val p = remember(destination, signer.value) { ConsentsPresenter(id, store.consents, signer.value, null, scope = scope, dispatchers = session.dispatchers) }
            Frame(session, back, language, onLanguage, s.consents + " · " + id) { ConsentsView(p.state.collectAsState().value, p) }
        }
        VisitStep.ESTIMATE -> {
            val check = session.managerCheck ?: return
            val p = remember(destination) { EstimatePresenter(id, store.visits, check, back, scope, session.dispatchers) }
            // Back on the resident's screen asks for the passphrase instead of leaving.
            Frame(session, { p.onEvent(EstimateEvent.AskToLeave) }, language, onLanguage, s.estimate) { EstimateView(p.state.collectAsState().value, p) }
        }
        VisitStep.FINALIZE -> {
            val p = remember(destination) { FinalizePresenter(id, store, go, scope, session.dispatchers) }
            Frame(session, back, language, onLanguage, s.finalize + " · " + id) { FinalizeView(p.state.collectAsState().value, p) }
        }
    }
}
