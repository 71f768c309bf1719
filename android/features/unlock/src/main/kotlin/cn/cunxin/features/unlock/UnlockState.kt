package cn.cunxin.features.unlock

import cn.cunxin.api.CunxinFailure

data class UnlockState(
    val mode: Mode = Mode.CHECKING,
    val passphrase: String = "",
    val busy: Boolean = false,
    /** Wrong tries in a row so far (the core counts them across restarts). */
    val failedAttempts: Int = 0,
    /** Seconds before the next try is allowed; the field and button wait meanwhile. */
    val waitSeconds: Long = 0,
    val problem: UnlockProblem? = null,
) {
    enum class Mode { CHECKING, CREATE, UNLOCK }

    val canSubmit: Boolean get() = !busy && waitSeconds == 0L && passphrase.isNotEmpty() && problem !is UnlockProblem.Blocking
}

sealed interface UnlockProblem {
    data object WrongPassphrase : UnlockProblem

    data object TooShort : UnlockProblem

    /** Nothing to type can fix it (damaged, in use, too new): a screen of its own, with Try again. */
    data class Blocking(val failure: CunxinFailure) : UnlockProblem

    data class Failed(val failure: CunxinFailure) : UnlockProblem
}

sealed interface UnlockEvent {
    data class PassphraseChanged(val text: String) : UnlockEvent

    data object Submit : UnlockEvent

    /** From a blocking screen: look at the store again. */
    data object Retry : UnlockEvent
}
