package cn.cunxin.impl.unlock

import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.unlock.StoreLock
import cn.cunxin.api.unlock.Stores
import cn.cunxin.ffi.storeLock
import cn.cunxin.impl.core
import cn.cunxin.impl.store.CoreFieldStore
import cn.cunxin.core.StoreLock as CoreStoreLock
import cn.cunxin.ffi.Store as FfiStore

internal class CoreStores : Stores {
    override suspend fun lockOf(dir: String): StoreLock = when (val lock = core { storeLock(dir) }) {
        is CoreStoreLock.NoStore -> StoreLock.NoStore
        is CoreStoreLock.RawKey -> StoreLock.RawKey
        is CoreStoreLock.Passphrase -> StoreLock.Passphrase(lock.failedAttempts.toInt(), lock.retryAfterSeconds.toLong())
    }

    override suspend fun create(dir: String, key: ByteArray): FieldStore = CoreFieldStore(core { FfiStore.create(dir, key) })

    override suspend fun open(dir: String, key: ByteArray): FieldStore = CoreFieldStore(core { FfiStore.open(dir, key) })

    override suspend fun createWithPassphrase(dir: String, passphrase: CharArray): FieldStore =
        CoreFieldStore(core { FfiStore.createWithPassphrase(dir, String(passphrase)) })

    override suspend fun openWithPassphrase(dir: String, passphrase: CharArray): FieldStore =
        CoreFieldStore(core { FfiStore.openWithPassphrase(dir, String(passphrase)) })
}
