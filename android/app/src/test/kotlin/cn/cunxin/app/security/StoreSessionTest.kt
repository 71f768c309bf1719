package cn.cunxin.app.security

import cn.cunxin.app.upload.CoreHandOver
import cn.cunxin.app.upload.HandOverRun
import cn.cunxin.app.upload.OkHttpHttpClient
import cn.cunxin.app.upload.Platform
import cn.cunxin.impl.CoreCunxin
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

/** The session over the real core and a real SQLCipher store, with the fake keystore. */
class StoreSessionTest {
    private val stores = CoreCunxin().stores
    private val wrapper = FakeKeyWrapper()

    private fun session(dir: File) = StoreSession(stores, File(dir, "store"), StoreKeys(wrapper, File(dir, "store-key.wrapped")))

    private fun StoreSession.opened() = assertInstanceOf(StoreOpening.Open::class.java, open()).store

    @Test
    fun `the first start creates the store, later starts open the same store with the unwrapped key`(@TempDir dir: File): Unit = runBlocking {
        val first = session(dir)
        val device = first.opened().settings.devicePublicKey()
        first.close()
        val again = session(dir)
        assertEquals(device, again.opened().settings.devicePublicKey())
        again.close()
    }

    @Test
    fun `without a fresh credential nothing opens and nothing is created`(@TempDir dir: File) {
        session(dir).apply { opened(); close() }
        wrapper.authenticated = false
        assertEquals(StoreOpening.NeedsAuthentication, session(dir).open())
    }

    @Test
    fun `an invalidated Keystore key keeps the store, which the passphrase recovers under a new key`(@TempDir dir: File): Unit = runBlocking {
        val storeDir = File(dir, "store")
        val keys = StoreKeys(wrapper, File(dir, "store-key.wrapped"))
        val key = keys.create()
        // Stands in for the core's passphrase unwrapping: the passphrase gives back this key.
        val recovery = PassphraseRecovery { at, passphrase ->
            assertEquals(storeDir, at)
            assertEquals("村信口令", String(passphrase))
            key.copyOf()
        }
        val device = stores.create(storeDir.path, key.copyOf()).use { it.settings.devicePublicKey() }

        wrapper.invalidate()
        val session = StoreSession(stores, storeDir, keys)
        assertEquals(StoreOpening.NeedsPassphrase, session.open())
        val recovered = assertInstanceOf(StoreOpening.Open::class.java, session.recover("村信口令".toCharArray(), recovery)).store
        assertEquals(device, recovered.settings.devicePublicKey())
        session.close()

        assertEquals(device, StoreSession(stores, storeDir, keys).opened().settings.devicePublicKey(), "the new wrapping key opens it")
    }

    @Test
    fun `a store whose key file is lost is not replaced by a new one`(@TempDir dir: File) {
        session(dir).apply { opened(); close() }
        File(dir, "store-key.wrapped").delete()
        assertEquals(StoreOpening.NeedsPassphrase, session(dir).open())
        assertTrue(File(dir, "store").exists())
    }

    @Test
    fun `locking while the worker borrows the store closes it when the worker is done`(@TempDir dir: File): Unit = runBlocking {
        val session = session(dir)
        session.opened()
        val device = session.borrow { store ->
            session.close()
            store.settings.devicePublicKey()
        }
        assertTrue(device!!.isNotBlank(), "the store stayed open for the borrower")
        wrapper.authenticated = false
        assertEquals(StoreOpening.NeedsAuthentication, session.open(), "closed after the borrow: opening needs the key again")
    }

    @Test
    fun `the hand-over waits for an unlock when the credential is not fresh`(@TempDir dir: File) = runBlocking {
        session(dir).apply { opened(); close() }
        wrapper.authenticated = false
        val run = CoreHandOver(session(dir), OkHttpHttpClient()).run(Platform("http://127.0.0.1:9/files/", "untrusted comment: x\nRWQ")) {}
        assertEquals(HandOverRun.StoreLocked, run)
    }
}
