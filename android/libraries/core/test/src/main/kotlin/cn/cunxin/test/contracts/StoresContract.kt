package cn.cunxin.test.contracts

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.store.ConsentKind
import cn.cunxin.api.store.Stores
import cn.cunxin.test.builders.aConsent
import cn.cunxin.test.builders.aRosterCsv
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.security.SecureRandom

/**
 * What the screens rely on from [Stores] and its [cn.cunxin.api.store.FieldStore]. Extend it with
 * the fake (core/test) and with the real core (impl's tests): both must pass the same tests.
 */
abstract class StoresContract {
    abstract fun stores(): Stores

    @TempDir
    lateinit var dir: File

    private fun key() = ByteArray(32).also { SecureRandom().nextBytes(it) }

    protected fun roster(): String = File(dir, "roster.csv").apply {
        writeText(aRosterCsv(Triple("H001", "11010519491231002X", "王长明"), Triple("H002", "410303199003071238", "单乐")))
    }.path

    @Test
    fun `an imported roster lists its households masked, as imported`() {
        stores().create(File(dir, "store").path, key()).use { store ->
            assertEquals(2, store.importRoster(roster()).inserted)
            val lines = store.households().sortedBy { it.id }
            assertEquals(listOf("H001", "H002"), lines.map { it.id })
            assertEquals(listOf("王*明", "单*"), lines.map { it.headNameMasked })
            assertEquals("110105********002X", lines[0].headIdMasked)
            assertTrue(lines.all { it.state == "imported" }, lines.toString())
        }
    }

    @Test
    fun `drafts count revisions and name only the facts that changed`() {
        stores().create(File(dir, "store").path, key()).use { store ->
            store.importRoster(roster())
            val first = store.saveDraft("H001", """{"household_size": 3, "applicant_age": 40}""")
            assertEquals(1, first.revision)
            assertEquals(listOf("applicant_age", "household_size"), first.changedFields.sorted())
            val second = store.saveDraft("H001", """{"household_size": 4, "applicant_age": 40}""")
            assertEquals(2, second.revision)
            assertEquals(listOf("household_size"), second.changedFields)
            assertEquals("in_progress", store.households().first { it.id == "H001" }.state)
        }
    }

    @Test
    fun `finalize needs the personal-information consent, then takes no edits until reopened with a reason`() {
        val signature = File(dir, "signature.png").apply { writeBytes(byteArrayOf(1, 2, 3)) }
        stores().create(File(dir, "store").path, key()).use { store ->
            store.importRoster(roster())
            store.saveDraft("H001", """{"household_size": 3}""")
            assertThrows<CunxinFailure.InvalidInput> { store.finalize("H001") }
            store.addConsent("H001", aConsent(ConsentKind.PERSONAL_INFO), signature.path)
            store.finalize("H001")
            assertEquals("finalized", store.households().first { it.id == "H001" }.state)
            assertThrows<CunxinFailure.InvalidInput> { store.saveDraft("H001", "{}") }
            store.reopen("H001", "银行退回：补签征信授权")
            store.saveDraft("H001", """{"household_size": 4}""")
            assertThrows<CunxinFailure.NotFound> { store.finalize("H404") }
        }
    }

    @Test
    fun `a wrong key, a short key and a missing store are told apart`() {
        val storeDir = File(dir, "store").path
        val key = key()
        stores().create(storeDir, key.copyOf()).use { it.importRoster(roster()) }
        assertThrows<CunxinFailure.WrongKey> { stores().open(storeDir, key()) }
        assertThrows<CunxinFailure.InvalidInput> { stores().open(storeDir, ByteArray(16)) }
        assertThrows<CunxinFailure.NotFound> { stores().open(File(dir, "missing").path, key.copyOf()) }
        stores().open(storeDir, key.copyOf()).use { assertEquals(2, it.households().size) }
    }
}
