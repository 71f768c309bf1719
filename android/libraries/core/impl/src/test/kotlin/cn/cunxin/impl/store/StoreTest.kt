package cn.cunxin.impl.store

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.unlock.StoreLock
import cn.cunxin.core.ConsentKind
import cn.cunxin.impl.CoreCunxin
import cn.cunxin.impl.Fixtures
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File

/** The encrypted store through the api, over the real library: a visit, unlocking, and each unlock failure. */
class StoreTest {
    private val stores = CoreCunxin().stores

    private fun failure(code: FailureCode, call: suspend () -> Any?): CunxinFailure {
        val e = assertThrows<CunxinFailure> { runBlocking { call() } }
        assertEquals(code, e.code, e.detail)
        return e
    }

    @Test
    fun `a visit is stored, finalized and verified`(@TempDir dir: File) = runBlocking {
        val signature = File(dir, "signature.png").apply { writeBytes("signature strokes of 王长明".toByteArray()) }
        val (store, ffi) = Fixtures.newStore(dir)
        store.use {
            store.signIn("网格员王五")
            assertEquals("网格员王五", store.operator())
            val imported = store.households.importRoster(Fixtures.roster(dir, gbk = true))
            assertEquals(3, imported.inserted)
            assertEquals(3, imported.report.households)
            val lines = store.households.list()
            assertEquals(listOf("王*明", "单*", "李*英"), lines.map { it.headNameMasked })
            assertEquals(HouseholdState.IMPORTED, lines[0].state)
            val groups = store.households.progress().associate { it.group to it.total }
            assertEquals(mapOf("一组" to 2, "二组" to 1), groups)

            val edit = mapOf("household_net_income_yuan" to FactValue.Integer(30000), "household_size" to FactValue.Integer(1))
            val draft = store.visits.saveDraft("H001", edit)
            assertEquals(1, draft.revision)
            assertEquals(listOf("household_net_income_yuan", "household_size"), draft.changedFields.sorted())
            assertFalse(draft.progress.complete)
            assertEquals(edit, store.visits.facts("H001"))
            assertEquals(draft.progress, store.visits.progress("H001"))
            val early = failure(FailureCode.NOT_ALLOWED_IN_STATE) { store.visits.finalize("H001") }
            assertTrue(early.detail.contains("consent"), early.detail)
            Fixtures.signConsent(ffi, "H001", ConsentKind.PERSONAL_INFO, signature.path)
            assertEquals(1, store.visits.finalize("H001"))
            val late = failure(FailureCode.NOT_ALLOWED_IN_STATE) { store.visits.saveDraft("H001", emptyMap()) }
            assertTrue(late.detail.contains("finalized"), late.detail)
            failure(FailureCode.NOT_FOUND) { store.visits.finalize("H404") }
            val chain = store.verifyAuditChain()
            assertTrue(chain.intact, chain.reason)
        }
        val stored = File(dir, "store/files").listFiles()!!.map { String(it.readBytes(), Charsets.ISO_8859_1) }
        assertEquals(1, stored.size)
        assertFalse(stored.any { it.contains("signature strokes") }, "the signature is kept encrypted")
    }

    @Test
    fun `a raw-key store - wrong key, store in use, no store, store exists, damaged`(@TempDir dir: File) = runBlocking {
        val storeDir = File(dir, "store")
        val key = Fixtures.key()
        assertEquals(StoreLock.NoStore, stores.lockOf(storeDir.path))
        failure(FailureCode.NO_STORE) { stores.open(storeDir.path, key.copyOf()) }
        stores.create(storeDir.path, key.copyOf()).use { store ->
            store.households.importRoster(Fixtures.roster(dir))
            failure(FailureCode.STORE_IN_USE) { stores.open(storeDir.path, key.copyOf()) }
        }
        assertEquals(StoreLock.RawKey, stores.lockOf(storeDir.path))
        failure(FailureCode.STORE_EXISTS) { stores.create(storeDir.path, key.copyOf()) }
        val before = File(storeDir, "cunxin.db").readBytes()
        val wrong = failure(FailureCode.WRONG_KEY) { stores.open(storeDir.path, Fixtures.key()) }
        assertTrue(wrong.detail.startsWith("the key does not open this store"), wrong.detail)
        assertArrayEquals(before, File(storeDir, "cunxin.db").readBytes(), "a wrong key changes nothing")
        failure(FailureCode.INVALID_INPUT) { stores.open(storeDir.path, ByteArray(16)) }
        failure(FailureCode.INVALID_INPUT) {
            stores.openWithPassphrase(storeDir.path, "a raw-key store has none".toCharArray())
        }
        stores.open(storeDir.path, key.copyOf()).use { assertEquals(3, it.households.list().size) }

        // A damaged database (its first pages overwritten) is told apart from a wrong key.
        val db = File(storeDir, "cunxin.db")
        db.writeBytes(db.readBytes().also { bytes -> for (i in 0 until minOf(8192, bytes.size)) bytes[i] = 0x5a })
        failure(FailureCode.STORE_DAMAGED) { stores.open(storeDir.path, key.copyOf()) }
    }

    @Test
    fun `a passphrase store opens with its passphrase, slows down wrong ones, and survives a change and a rotation`(
        @TempDir dir: File,
    ) = runBlocking {
        val storeDir = File(dir, "store").path
        failure(FailureCode.INVALID_INPUT) { stores.createWithPassphrase(storeDir, "short".toCharArray()) }
        stores.createWithPassphrase(storeDir, "村信 branch PC 2026".toCharArray()).use { store ->
            store.signIn("柜员李四")
            store.households.importRoster(Fixtures.roster(dir))
            assertTrue(store.settings.current().passphrase)
        }
        assertEquals(StoreLock.Passphrase(0, 0), stores.lockOf(storeDir))
        repeat(2) { failure(FailureCode.WRONG_PASSPHRASE) { stores.openWithPassphrase(storeDir, "guess $it".toCharArray()) } }
        assertEquals(StoreLock.Passphrase(2, 0), stores.lockOf(storeDir))
        failure(FailureCode.WRONG_PASSPHRASE) { stores.openWithPassphrase(storeDir, "guess 3".toCharArray()) }
        // The third wrong one in a row: every try now waits, the right passphrase too.
        val delayed = failure(FailureCode.UNLOCK_DELAYED) { stores.openWithPassphrase(storeDir, "村信 branch PC 2026".toCharArray()) }
        assertTrue((delayed.retryAfterSeconds ?: 0) in 1..5, delayed.retryAfterSeconds.toString())
        val lock = stores.lockOf(storeDir) as StoreLock.Passphrase
        assertEquals(3, lock.failedAttempts)
        Thread.sleep(lock.retryAfterSeconds * 1000 + 200)

        stores.openWithPassphrase(storeDir, "村信 branch PC 2026".toCharArray()).use { store ->
            assertEquals("柜员李四", store.operator())
            failure(FailureCode.WRONG_PASSPHRASE) {
                store.settings.changePassphrase("not the one".toCharArray(), "second passphrase".toCharArray())
            }
            store.settings.changePassphrase("村信 branch PC 2026".toCharArray(), "second passphrase".toCharArray())
            store.settings.rotateKeyWithPassphrase("second passphrase".toCharArray())
            assertEquals(3, store.households.list().size)
        }
        assertEquals(StoreLock.Passphrase(0, 0), stores.lockOf(storeDir))
        failure(FailureCode.WRONG_PASSPHRASE) { stores.openWithPassphrase(storeDir, "村信 branch PC 2026".toCharArray()) }
        stores.openWithPassphrase(storeDir, "second passphrase".toCharArray()).use { store ->
            assertEquals(3, store.households.list().size)
            assertTrue(store.verifyAuditChain().intact)
        }
        val wrap = File(storeDir, "key-wrap.json").readText()
        assertTrue(wrap.contains("argon2id"), wrap)
        Fixtures.names.forEach { assertFalse(wrap.contains(it)) }
    }
}
