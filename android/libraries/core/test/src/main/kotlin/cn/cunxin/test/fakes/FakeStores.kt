package cn.cunxin.test.fakes

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.unlock.StoreLock
import cn.cunxin.api.unlock.Stores

/**
 * Stores kept in memory by folder. Passphrase stores count wrong tries in a row and, from the
 * third, ask to wait (UNLOCK_DELAYED) as the core does; [inUse] and [damaged] model a store held by
 * another program and a damaged file.
 */
class FakeStores(
    private val scoring: FakeScoring = FakeScoring(),
    private val newStore: (FakeScoring) -> FakeFieldStore = { FakeFieldStore(scoring = it) },
) : Stores {
    private class Held(val key: ByteArray?, val passphrase: String?, val store: FakeFieldStore, var failed: Int = 0)

    private val held = mutableMapOf<String, Held>()
    val inUse = mutableSetOf<String>()
    val damaged = mutableSetOf<String>()

    /** Seconds to wait per wrong try from the third in a row (the core's are longer). */
    var delayPerFailureSeconds = 30L

    override suspend fun lockOf(dir: String): StoreLock = when (val h = held[dir]) {
        null -> StoreLock.NoStore
        else -> if (h.passphrase == null) StoreLock.RawKey else StoreLock.Passphrase(h.failed, delayFor(h.failed))
    }

    override suspend fun create(dir: String, key: ByteArray): FieldStore {
        checkKey(key)
        return createHeld(dir, Held(key.copyOf(), null, newStore(scoring))).also { key.fill(0) }
    }

    override suspend fun open(dir: String, key: ByteArray): FieldStore {
        checkKey(key)
        val h = find(dir)
        val matches = h.key != null && h.key.contentEquals(key)
        key.fill(0)
        if (!matches) throw CunxinFailure(FailureCode.WRONG_KEY, "the key does not open this store; nothing was changed")
        return h.store.reopened()
    }

    override suspend fun createWithPassphrase(dir: String, passphrase: CharArray): FieldStore {
        if (passphrase.size < 8) throw CunxinFailure(FailureCode.INVALID_INPUT, "a passphrase has at least 8 characters")
        return createHeld(dir, Held(null, String(passphrase), newStore(scoring))).also { passphrase.fill(' ') }
    }

    override suspend fun openWithPassphrase(dir: String, passphrase: CharArray): FieldStore {
        val h = find(dir)
        val wait = delayFor(h.failed)
        if (wait > 0 && h.failed >= 3) throw CunxinFailure(FailureCode.UNLOCK_DELAYED, "too many wrong tries: wait before the next", wait)
        val matches = h.passphrase == String(passphrase)
        passphrase.fill(' ')
        if (!matches) {
            h.failed++
            throw CunxinFailure(FailureCode.WRONG_PASSPHRASE, "the passphrase does not open this store; nothing was changed")
        }
        h.failed = 0
        return h.store.reopened()
    }

    /** The store in [dir] as the fake holds it, for a test to look inside. */
    fun storeIn(dir: String): FakeFieldStore = held.getValue(dir).store

    /** Lets the next try through without waiting, as if the time had passed. */
    fun waitOver(dir: String) {
        held.getValue(dir).failed = 2
    }

    private fun delayFor(failed: Int) = if (failed >= 3) delayPerFailureSeconds * (failed - 2) else 0L

    private fun find(dir: String): Held {
        val h = held[dir] ?: throw CunxinFailure(FailureCode.NO_STORE, "there is no store in this folder: create one first")
        if (dir in damaged) throw CunxinFailure(FailureCode.STORE_DAMAGED, "the store's database is damaged; nothing was changed")
        if (dir in inUse) throw CunxinFailure(FailureCode.STORE_IN_USE, "the store is open in another program")
        return h
    }

    private fun createHeld(dir: String, h: Held): FieldStore {
        if (dir in held) throw CunxinFailure(FailureCode.STORE_EXISTS, "a store already exists in this folder: open it instead")
        held[dir] = h
        return h.store.reopened()
    }

    private fun checkKey(key: ByteArray) {
        if (key.size != 32) throw CunxinFailure(FailureCode.INVALID_INPUT, "a store key has 32 bytes, this one has ${key.size}")
    }
}
