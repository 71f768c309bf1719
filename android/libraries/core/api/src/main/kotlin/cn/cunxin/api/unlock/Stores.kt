package cn.cunxin.api.unlock

import cn.cunxin.api.store.FieldStore

/**
 * Creating and opening the encrypted store. On Android the store's raw 32-byte key is kept
 * wrapped by the Keystore ([create] / [open]); on the branch PC it is wrapped by a key derived
 * from the operator's passphrase (Argon2id, [createWithPassphrase] / [openWithPassphrase]).
 * Key bytes passed in are wiped by the core after use; pass a copy if the caller still needs them.
 * Failures: [cn.cunxin.api.FailureCode.WRONG_KEY], WRONG_PASSPHRASE, UNLOCK_DELAYED, NO_STORE,
 * STORE_EXISTS, STORE_IN_USE, STORE_TOO_NEW, STORE_DAMAGED, DISK_FULL.
 */
interface Stores {
    /** What is in [dir]: nothing yet, a store opened by raw key, or one opened by passphrase. */
    suspend fun lockOf(dir: String): StoreLock

    /** Creates a new store in [dir] with a raw key; fails if one is already there. */
    suspend fun create(dir: String, key: ByteArray): FieldStore

    /** Opens the store in [dir] with its raw key; a wrong key changes nothing. */
    suspend fun open(dir: String, key: ByteArray): FieldStore

    /** Creates a new store in [dir] whose key is wrapped by [passphrase] (at least 8 characters). */
    suspend fun createWithPassphrase(dir: String, passphrase: CharArray): FieldStore

    /**
     * Opens a passphrase store. A wrong passphrase is WRONG_PASSPHRASE; after several in a row
     * each try must wait (UNLOCK_DELAYED with the seconds left), even across restarts.
     */
    suspend fun openWithPassphrase(dir: String, passphrase: CharArray): FieldStore
}

/** How the store in a folder is unlocked, for the unlock screen to ask the right question. */
sealed interface StoreLock {
    /** No store there yet: offer to create one (or to import a roster into a new one). */
    data object NoStore : StoreLock

    /** Opened with the raw key the Keystore holds. */
    data object RawKey : StoreLock

    /** Opened with a passphrase; [failedAttempts] in a row so far, [retryAfterSeconds] before the next try. */
    data class Passphrase(val failedAttempts: Int, val retryAfterSeconds: Long) : StoreLock
}
