package cn.cunxin.navigation

import cn.cunxin.api.Cunxin
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.handover.HttpNoAnswer
import cn.cunxin.api.store.FieldStore
import cn.cunxin.architecture.BackStack
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.architecture.VisitStep
import cn.cunxin.designsystem.ImageDecoder
import cn.cunxin.features.panel.TextSize
import cn.cunxin.features.photos.Camera
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow

/**
 * The open store and what the app needs around the screens: who is signed in, the check for the
 * grid manager's passphrase, the one back stack. Locking closes the store and starts again at
 * Unlock; nothing is lost, every edit was saved when it was made.
 */
class AppSession(
    val cunxin: Cunxin,
    val storeDir: String,
    val camera: Camera,
    val pickRoster: suspend () -> String?,
    val dispatchers: CoroutineDispatchers,
    /** The platform's JPEG decoding for thumbnails and photos (Skia, BitmapFactory). */
    val imageDecoder: ImageDecoder,
    val online: StateFlow<Boolean> = MutableStateFlow(false),
    /** The hand-over's HTTP client; by default none reaches a network (the hand-over then says so). */
    val http: HttpClient = HttpClient { throw HttpNoAnswer("this window has no network client") },
    /** The USB drive's folder for export and the bank's answers. */
    val pickFolder: suspend () -> String? = { null },
    /** Lock after this long without input (5 minutes by default). */
    val idleLockMillis: Long = 5 * 60_000,
    /** How the store is closed: Android's session keeps it open while the hand-over worker borrows it. */
    private val closeStore: (FieldStore) -> Unit = FieldStore::close,
    /** Told after a lock that closed the store, so a host with its own lock state (Android's) follows. */
    private val onLocked: () -> Unit = {},
) {
    val backStack = BackStack<Destination>(Destination.Unlock)

    /** The text size chosen in the settings; kept in the app, the store has no setting for it. */
    val textSize = MutableStateFlow(TextSize.NORMAL)
    var store: FieldStore? = null
        private set
    var managerCheck: PassphraseCheck? = null
        private set
    var operator: String = ""
        private set

    @Volatile
    var lastInput: Long = System.currentTimeMillis()

    /** The household shown beside the list on a wide screen. */
    val selected = MutableStateFlow<String?>(null)

    suspend fun unlocked(store: FieldStore, check: PassphraseCheck) {
        this.store = store
        managerCheck = check
        operator = store.operator() ?: "网格员"
        if (store.operator() == null) store.signIn(operator)
        backStack.reset(Destination.WorkList)
    }

    fun lock() {
        val open = store
        store = null
        managerCheck = null
        selected.value = null
        backStack.reset(Destination.Unlock)
        if (open != null) {
            closeStore(open)
            onLocked()
        }
    }

    fun go(household: String, step: VisitStep) {
        if (step == VisitStep.HOUSEHOLD && backStack.top is Destination.Visit) {
            // From a visit step back to its household: go back, do not stack another.
            while ((backStack.top as? Destination.Visit)?.step.let { it != null && it != VisitStep.HOUSEHOLD }) backStack.pop()
            if (backStack.top is Destination.Visit) return
        }
        backStack.push(Destination.Visit(household, step))
    }
}
