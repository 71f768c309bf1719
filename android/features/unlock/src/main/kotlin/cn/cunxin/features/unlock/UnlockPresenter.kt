package cn.cunxin.features.unlock

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.unlock.StoreLock
import cn.cunxin.api.unlock.Stores
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.architecture.Presenter
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay

/**
 * Opens (or on first use creates) the passphrase store in [dir]. A wrong passphrase, a wait
 * after several, and a store that is damaged, in use or too new are told apart: only the first two
 * let the grid manager type again.
 */
class UnlockPresenter(
    private val stores: Stores,
    private val dir: String,
    private val onUnlocked: (FieldStore, PassphraseCheck) -> Unit,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
) : Presenter<UnlockState, UnlockEvent>(UnlockState(), scope, dispatchers) {
    private var countdown: Job? = null

    init {
        look()
    }

    override fun onEvent(event: UnlockEvent) {
        when (event) {
            is UnlockEvent.PassphraseChanged -> setState { it.copy(passphrase = event.text, problem = it.problem.takeIf { p -> p is UnlockProblem.Blocking }) }
            UnlockEvent.Submit -> if (current.canSubmit) submit()
            UnlockEvent.Retry -> look()
        }
    }

    private fun look() {
        setState { it.copy(mode = UnlockState.Mode.CHECKING, problem = null) }
        launch {
            when (val lock = core { stores.lockOf(dir) }) {
                is CoreResult.Failed -> fail(lock.failure)
                is CoreResult.Done -> when (val l = lock.value) {
                    StoreLock.NoStore -> setState { it.copy(mode = UnlockState.Mode.CREATE) }
                    StoreLock.RawKey, is StoreLock.Passphrase -> {
                        val passphrase = l as? StoreLock.Passphrase
                        setState { it.copy(mode = UnlockState.Mode.UNLOCK, failedAttempts = passphrase?.failedAttempts ?: 0) }
                        passphrase?.retryAfterSeconds?.takeIf { it > 0 }?.let(::waitBeforeNextTry)
                    }
                }
            }
        }
    }

    private fun submit() {
        val state = current
        if (state.mode == UnlockState.Mode.CREATE && state.passphrase.length < 8) {
            setState { it.copy(problem = UnlockProblem.TooShort) }
            return
        }
        setState { it.copy(busy = true, problem = null) }
        launch {
            val forStore = state.passphrase.toCharArray()
            val forCheck = state.passphrase.toCharArray()
            // The key derivation (the core's Argon2id, and the check's PBKDF2) runs off the UI thread.
            val opened = core {
                val store = if (state.mode == UnlockState.Mode.CREATE) stores.createWithPassphrase(dir, forStore) else stores.openWithPassphrase(dir, forStore)
                store to PassphraseCheck.of(forCheck)
            }
            when (opened) {
                is CoreResult.Done -> {
                    setState { UnlockState(mode = it.mode) }
                    onUnlocked(opened.value.first, opened.value.second)
                }
                is CoreResult.Failed -> {
                    forCheck.fill(' ')
                    fail(opened.failure)
                }
            }
        }
    }

    private fun fail(failure: CunxinFailure) {
        when (failure.code) {
            FailureCode.WRONG_PASSPHRASE, FailureCode.WRONG_KEY ->
                setState { it.copy(busy = false, passphrase = "", failedAttempts = it.failedAttempts + 1, problem = UnlockProblem.WrongPassphrase) }
            FailureCode.UNLOCK_DELAYED -> {
                setState { it.copy(busy = false, passphrase = "", problem = null) }
                waitBeforeNextTry(failure.retryAfterSeconds ?: 30)
            }
            FailureCode.STORE_DAMAGED, FailureCode.STORE_IN_USE, FailureCode.STORE_TOO_NEW ->
                setState { it.copy(busy = false, problem = UnlockProblem.Blocking(failure)) }
            else -> setState { it.copy(busy = false, problem = UnlockProblem.Failed(failure)) }
        }
    }

    private fun waitBeforeNextTry(seconds: Long) {
        countdown?.cancel()
        setState { it.copy(waitSeconds = seconds) }
        countdown = launch {
            while (current.waitSeconds > 0) {
                delay(1000)
                setState { it.copy(waitSeconds = it.waitSeconds - 1) }
            }
        }
    }
}
