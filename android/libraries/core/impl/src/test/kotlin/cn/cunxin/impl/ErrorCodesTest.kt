package cn.cunxin.impl

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.core.ErrorCode
import cn.cunxin.ffi.testingFailWith
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import org.junit.jupiter.api.assertThrows

/**
 * Every code the core has arrives in Kotlin as its own failure: one case per code, each raised in
 * the core from a real core error of that kind and converted the way every call converts it.
 * (StoreTest and HandOverTest provoke the common ones for real.)
 */
class ErrorCodesTest {
    private val expected = mapOf(
        ErrorCode.INVALID_INPUT to FailureCode.INVALID_INPUT,
        ErrorCode.WRONG_KEY to FailureCode.WRONG_KEY,
        ErrorCode.WRONG_PASSPHRASE to FailureCode.WRONG_PASSPHRASE,
        ErrorCode.UNLOCK_DELAYED to FailureCode.UNLOCK_DELAYED,
        ErrorCode.NO_STORE to FailureCode.NO_STORE,
        ErrorCode.STORE_EXISTS to FailureCode.STORE_EXISTS,
        ErrorCode.STORE_IN_USE to FailureCode.STORE_IN_USE,
        ErrorCode.STORE_TOO_NEW to FailureCode.STORE_TOO_NEW,
        ErrorCode.STORE_DAMAGED to FailureCode.STORE_DAMAGED,
        ErrorCode.FILE_DAMAGED to FailureCode.FILE_DAMAGED,
        ErrorCode.DISK_FULL to FailureCode.DISK_FULL,
        ErrorCode.STORAGE to FailureCode.STORAGE,
        ErrorCode.NOT_FOUND to FailureCode.NOT_FOUND,
        ErrorCode.NOT_ALLOWED_IN_STATE to FailureCode.NOT_ALLOWED_IN_STATE,
        ErrorCode.NOTHING_TO_SEAL to FailureCode.NOTHING_TO_SEAL,
        ErrorCode.BAD_KEY to FailureCode.BAD_KEY,
        ErrorCode.NETWORK to FailureCode.NETWORK,
        ErrorCode.SERVER_REFUSED to FailureCode.SERVER_REFUSED,
        ErrorCode.SERVER_FULL to FailureCode.SERVER_FULL,
        ErrorCode.DEVICE_NOT_REGISTERED to FailureCode.DEVICE_NOT_REGISTERED,
        ErrorCode.SIGNATURE_REFUSED to FailureCode.SIGNATURE_REFUSED,
        ErrorCode.RECEIPT_INVALID to FailureCode.RECEIPT_INVALID,
        ErrorCode.BATCH_INVALID to FailureCode.BATCH_INVALID,
        ErrorCode.CANCELLED to FailureCode.CANCELLED,
        ErrorCode.INTERNAL to FailureCode.BUG,
    )

    @ParameterizedTest
    @EnumSource(ErrorCode::class)
    fun `each core code maps to its own failure`(code: ErrorCode) {
        val failure = assertThrows<CunxinFailure> { callCore { testingFailWith(code) } }
        assertEquals(expected.getValue(code), failure.code)
        assertFalse(failure.detail.isBlank())
        if (code == ErrorCode.UNLOCK_DELAYED) assertEquals(20L, failure.retryAfterSeconds)
    }

    @org.junit.jupiter.api.Test
    fun `no two core codes share a failure`() {
        assertEquals(ErrorCode.entries.size, expected.size)
        assertEquals(expected.size, expected.values.toSet().size)
        // And every failure the api names comes from a core code.
        assertEquals(emptySet<FailureCode>(), FailureCode.entries.toSet() - expected.values.toSet())
    }
}
