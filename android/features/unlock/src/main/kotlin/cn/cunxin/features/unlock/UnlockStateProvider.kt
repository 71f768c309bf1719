package cn.cunxin.features.unlock

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode

/** The unlock screen's states worth seeing. */
object UnlockStateProvider {
    val states: List<Pair<String, UnlockState>> = listOf(
        "create" to UnlockState(mode = UnlockState.Mode.CREATE, passphrase = "cunxin20", problem = null),
        "wrong" to UnlockState(mode = UnlockState.Mode.UNLOCK, failedAttempts = 2, problem = UnlockProblem.WrongPassphrase),
        "waiting" to UnlockState(mode = UnlockState.Mode.UNLOCK, failedAttempts = 4, waitSeconds = 57),
        "damaged" to UnlockState(
            mode = UnlockState.Mode.UNLOCK,
            problem = UnlockProblem.Blocking(CunxinFailure(FailureCode.STORE_DAMAGED, "database disk image is malformed (page 12)")),
        ),
        "in-use" to UnlockState(
            mode = UnlockState.Mode.UNLOCK,
            problem = UnlockProblem.Blocking(CunxinFailure(FailureCode.STORE_IN_USE, "the store is locked by another process")),
        ),
    )
}
