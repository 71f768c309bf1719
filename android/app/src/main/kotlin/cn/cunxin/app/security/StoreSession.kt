package cn.cunxin.app.security

import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.unlock.Stores
import kotlinx.coroutines.runBlocking
import java.io.File

/** What opening the store gave. */
sealed interface StoreOpening {
    class Open(val store: FieldStore) : StoreOpening

    /** Prompt for the device credential, then open again. */
    data object NeedsAuthentication : StoreOpening

    /** The Keystore key is gone: ask for the store passphrase (the desktop flow's) to recover. */
    data object NeedsPassphrase : StoreOpening
}

/** The core's passphrase unwrapping of the store key (the desktop flow's passphrase). */
fun interface PassphraseRecovery {
    fun storeKey(dir: File, passphrase: CharArray): ByteArray
}

/**
 * The one open store of the process, shared by the screens and the hand-over worker. Locking
 * closes it; a borrower (the worker) keeps it open until it is done, then it closes.
 * Opening blocks its caller (the core's open takes milliseconds; the lock screen calls it
 * after the credential prompt, the worker on its own thread).
 */
class StoreSession(private val stores: Stores, private val dir: File, private val keys: StoreKeys) {
    private var store: FieldStore? = null
    private var borrowers = 0
    private var closeWhenReturned = false

    @Synchronized
    fun open(): StoreOpening {
        store?.let { return StoreOpening.Open(it) }
        val opened = when (val key = keys.unlock()) {
            // No store yet beside a key: the first start stopped between the two.
            is StoreKeyState.Ready -> if (dir.exists()) runBlocking { stores.open(dir.path, key.key) } else runBlocking { stores.create(dir.path, key.key) }
            // A store without its wrapped key (the key file lost) must not be replaced by a new one.
            StoreKeyState.Absent -> if (dir.exists()) return StoreOpening.NeedsPassphrase else runBlocking { stores.create(dir.path, keys.create()) }
            StoreKeyState.NeedsAuthentication -> return StoreOpening.NeedsAuthentication
            StoreKeyState.NeedsPassphrase -> return StoreOpening.NeedsPassphrase
        }
        store = opened
        closeWhenReturned = false
        return StoreOpening.Open(opened)
    }

    /** Runs [block] on the open store, opening it if the credential is still fresh; null if it is not. */
    suspend fun <T> borrow(block: suspend (FieldStore) -> T): T? {
        val open = synchronized(this) {
            val opening = open() as? StoreOpening.Open ?: return null
            borrowers++
            opening.store
        }
        try {
            return block(open)
        } finally {
            synchronized(this) {
                borrowers--
                if (borrowers == 0 && closeWhenReturned) close()
            }
        }
    }

    /**
     * After [StoreOpening.NeedsPassphrase]: the core gives the store key back for the grid
     * manager's passphrase, which is wrapped again under a new Keystore key and the store opened.
     * Needs a fresh device credential (the new wrapping key requires it).
     */
    @Synchronized
    fun recover(passphrase: CharArray, recovery: PassphraseRecovery): StoreOpening {
        val key = recovery.storeKey(dir, passphrase)
        keys.rewrap(key.copyOf())
        store = runBlocking { stores.open(dir.path, key) }
        return StoreOpening.Open(store!!)
    }

    @Synchronized
    fun close() {
        if (borrowers > 0) {
            closeWhenReturned = true
            return
        }
        store?.close()
        store = null
    }
}
