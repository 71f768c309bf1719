package cn.cunxin.impl

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.ffi.CunxinException
import cn.cunxin.ffi.InternalException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withContext
import kotlin.coroutines.cancellation.CancellationException
import cn.cunxin.core.ErrorCode
import cn.cunxin.core.InternalException as CoreInternalException
import cn.cunxin.ffi.CancelToken

/** Where blocking calls into the core run; never the UI thread. */
internal val coreDispatcher: CoroutineDispatcher = Dispatchers.IO

/**
 * Runs one call into the core on the IO dispatcher and turns the bindings' exceptions into
 * [CunxinFailure], so no generated type leaks past impl.
 */
internal suspend fun <T> core(call: () -> T): T = withContext(coreDispatcher) { callCore(call) }

/**
 * Like [core] for a long call the core can stop: when the caller's coroutine is cancelled the
 * token is cancelled, the core stops at its next step (an upload between chunks) and the call
 * ends with the caller's cancellation.
 */
internal suspend fun <T> cancellableCore(call: (CancelToken) -> T): T = coroutineScope {
    val token = CancelToken()
    val work = async(coreDispatcher) {
        try {
            callCore { call(token) }
        } catch (e: CunxinFailure) {
            // The core stops with CANCELLED only because this token was cancelled: it ends as
            // the caller's cancellation, not as a failure the caller's parent would receive.
            if (e.code == FailureCode.CANCELLED) throw CancellationException(e.detail).apply { initCause(e) }
            throw e
        }
    }
    try {
        work.await()
    } catch (e: CancellationException) {
        token.cancel()
        throw e
    }
}

/** A Rust panic arrives from uniffi as an InternalException (each generated package has its own). */
internal inline fun <T> callCore(call: () -> T): T =
    try {
        call()
    } catch (e: CunxinException) {
        throw e.toFailure()
    } catch (e: InternalException) {
        throw bug(e)
    } catch (e: CoreInternalException) {
        throw bug(e)
    }

internal fun bug(e: Exception) = CunxinFailure(FailureCode.BUG, "Cunxin hit an internal error: ${e.message}", cause = e)

internal fun CunxinException.toFailure(): CunxinFailure = when (this) {
    is CunxinException.Failure -> CunxinFailure(code.toApi(), detail, retryAfterSeconds?.toLong(), this)
}

/** Every core code by name: a new one does not compile until it has its failure. */
internal fun ErrorCode.toApi(): FailureCode = when (this) {
    ErrorCode.INVALID_INPUT -> FailureCode.INVALID_INPUT
    ErrorCode.WRONG_KEY -> FailureCode.WRONG_KEY
    ErrorCode.WRONG_PASSPHRASE -> FailureCode.WRONG_PASSPHRASE
    ErrorCode.UNLOCK_DELAYED -> FailureCode.UNLOCK_DELAYED
    ErrorCode.NO_STORE -> FailureCode.NO_STORE
    ErrorCode.STORE_EXISTS -> FailureCode.STORE_EXISTS
    ErrorCode.STORE_IN_USE -> FailureCode.STORE_IN_USE
    ErrorCode.STORE_TOO_NEW -> FailureCode.STORE_TOO_NEW
    ErrorCode.STORE_DAMAGED -> FailureCode.STORE_DAMAGED
    ErrorCode.FILE_DAMAGED -> FailureCode.FILE_DAMAGED
    ErrorCode.DISK_FULL -> FailureCode.DISK_FULL
    ErrorCode.STORAGE -> FailureCode.STORAGE
    ErrorCode.NOT_FOUND -> FailureCode.NOT_FOUND
    ErrorCode.NOT_ALLOWED_IN_STATE -> FailureCode.NOT_ALLOWED_IN_STATE
    ErrorCode.NOTHING_TO_SEAL -> FailureCode.NOTHING_TO_SEAL
    ErrorCode.BAD_KEY -> FailureCode.BAD_KEY
    ErrorCode.NETWORK -> FailureCode.NETWORK
    ErrorCode.SERVER_REFUSED -> FailureCode.SERVER_REFUSED
    ErrorCode.SERVER_FULL -> FailureCode.SERVER_FULL
    ErrorCode.DEVICE_NOT_REGISTERED -> FailureCode.DEVICE_NOT_REGISTERED
    ErrorCode.SIGNATURE_REFUSED -> FailureCode.SIGNATURE_REFUSED
    ErrorCode.RECEIPT_INVALID -> FailureCode.RECEIPT_INVALID
    ErrorCode.BATCH_INVALID -> FailureCode.BATCH_INVALID
    ErrorCode.CANCELLED -> FailureCode.CANCELLED
    ErrorCode.INTERNAL -> FailureCode.BUG
}

