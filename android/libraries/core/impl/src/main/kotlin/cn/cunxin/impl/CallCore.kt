package cn.cunxin.impl

import cn.cunxin.api.CunxinFailure
import cn.cunxin.ffi.CunxinException
import cn.cunxin.ffi.InternalException
import cn.cunxin.core.InternalException as CoreInternalException

/**
 * Runs one call into the core and turns the bindings' exceptions into [CunxinFailure], so no
 * generated type leaks past impl. A Rust panic arrives from uniffi as [InternalException]
 * (each generated package has its own; the core's would come from calls it exported itself).
 */
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

internal fun bug(e: Exception) = CunxinFailure.Bug("Cunxin hit an internal error: ${e.message}", e)

internal fun CunxinException.toFailure(): CunxinFailure {
    val message = message.orEmpty()
    return when (this) {
        is CunxinException.InvalidInput -> CunxinFailure.InvalidInput(message, this)
        is CunxinException.WrongKey -> CunxinFailure.WrongKey(message, this)
        is CunxinException.NotFound -> CunxinFailure.NotFound(message, this)
        is CunxinException.Storage -> CunxinFailure.Storage(message, this)
        is CunxinException.Network -> CunxinFailure.Network(message, this)
        is CunxinException.Internal -> CunxinFailure.Bug(message, this)
    }
}
