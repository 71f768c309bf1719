package cn.cunxin.test.fakes

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.store.Stores

/** Stores kept in memory by directory, with the key that opens each; [inUse] models another app holding a store. */
class FakeStores(private val newStore: () -> FakeFieldStore = { FakeFieldStore() }) : Stores {
    private val stores = mutableMapOf<String, Pair<ByteArray, FakeFieldStore>>()

    /** Directories whose store is open elsewhere (the core's "store in use"). */
    val inUse = mutableSetOf<String>()

    /** Directories whose file is damaged. */
    val damaged = mutableSetOf<String>()

    override fun create(dir: String, key: ByteArray): FieldStore {
        checkKey(key)
        if (dir in stores) throw CunxinFailure.InvalidInput("a store already exists in this folder: open it instead")
        val store = newStore()
        stores[dir] = key.copyOf() to store
        key.fill(0)
        return store.reopened()
    }

    override fun open(dir: String, key: ByteArray): FieldStore {
        checkKey(key)
        val (storedKey, store) = stores[dir] ?: throw CunxinFailure.NotFound("there is no store in this folder: create one first")
        val matches = storedKey.contentEquals(key)
        key.fill(0)
        if (dir in damaged) throw CunxinFailure.Storage("the store file is damaged: restore it from the branch's copy")
        if (dir in inUse) throw CunxinFailure.Storage("the store is in use by another program: close it there and try again")
        if (!matches) throw CunxinFailure.WrongKey("the key does not open this store; nothing was changed")
        return store.reopened()
    }

    /** The store in [dir] as the fake holds it, for a test to look inside. */
    fun storeIn(dir: String): FakeFieldStore = stores.getValue(dir).second

    private fun checkKey(key: ByteArray) {
        if (key.size != 32) throw CunxinFailure.InvalidInput("a store key has 32 bytes, this one has ${key.size}")
    }
}
