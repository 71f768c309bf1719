package cn.cunxin.impl.store

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.store.Consent
import cn.cunxin.api.store.ConsentKind
import cn.cunxin.impl.CoreCunxin
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.nio.charset.Charset
import java.security.SecureRandom

/** The encrypted store through the api, over the real library: a visit end to end, and a wrong key. */
class StoreTest {
    private val stores = CoreCunxin().stores

    private fun key(): ByteArray = ByteArray(32).also { SecureRandom().nextBytes(it) }

    private fun roster(dir: File): String {
        val csv = """
            乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息
            城关镇,王庄村,一组,11010519491231002X,王长明,,H001,王庄村1号,13812345678,女,户主,汉,1949-12,3亩
            城关镇,王庄村,一组,410303199003071238,单乐,,H002,王庄村2号,,男,户主,汉,1990-03,
        """.trimIndent()
        return File(dir, "roster.csv").apply { writeBytes(csv.toByteArray(Charset.forName("GBK"))) }.path
    }

    private val consent = Consent(
        ConsentKind.PERSONAL_INFO, "2026.1", "91fbfc405340436f9965ed7ce871e07f9ae464c6ac230d216da3bd030207f3b5", "王长明", "2026-11-22T10:05:00+08:00", "王庄村", "网格员王五",
    )

    @Test
    fun `a visit is stored, finalized and verified`(@TempDir dir: File) {
        val storeDir = File(dir, "store").path
        val key = key()
        val signature = File(dir, "signature.png").apply { writeBytes("signature strokes of 王长明".toByteArray()) }
        stores.create(storeDir, key.copyOf()).use { store ->
            store.signIn("网格员王五")
            assertEquals(2, store.importRoster(roster(dir)).inserted)
            val lines = store.households()
            assertEquals(listOf("王*明", "单*"), lines.map { it.headNameMasked })
            assertEquals("imported", lines[0].state)

            val draft = store.saveDraft("H001", """{"yearly_net_income_yuan": 30000, "household_size": 1}""")
            assertEquals(1, draft.revision)
            assertEquals(listOf("household_size", "yearly_net_income_yuan"), draft.changedFields.sorted())
            assertThrows<CunxinFailure.InvalidInput> { store.finalize("H001") }.also {
                assertTrue(it.message.orEmpty().contains("consent"), it.message)
            }
            store.addConsent("H001", consent, signature.path)
            assertEquals(1, store.finalize("H001"))
            val late = assertThrows<CunxinFailure.InvalidInput> { store.saveDraft("H001", "{}") }
            assertTrue(late.message.orEmpty().contains("finalized"), late.message)
            assertThrows<CunxinFailure.NotFound> { store.finalize("H404") }
            val chain = store.verifyAuditChain()
            assertTrue(chain.intact, chain.reason)
        }
        // The signature the app handed over is kept encrypted, not as it was given.
        val stored = File(storeDir, "files").listFiles()!!.map { String(it.readBytes(), Charsets.ISO_8859_1) }
        assertEquals(1, stored.size)
        assertFalse(stored.any { it.contains("signature strokes") })

        stores.open(storeDir, key.copyOf()).use { store ->
            assertEquals("finalized", store.households().first { it.id == "H001" }.state)
        }
    }

    @Test
    fun `a wrong key is WrongKey and changes nothing`(@TempDir dir: File) {
        val storeDir = File(dir, "store")
        val key = key()
        stores.create(storeDir.path, key.copyOf()).use { it.importRoster(roster(dir)) }
        val before = File(storeDir, "cunxin.db").readBytes()
        val e = assertThrows<CunxinFailure.WrongKey> { stores.open(storeDir.path, key()) }
        assertTrue(e.message.orEmpty().startsWith("the key does not open this store"), e.message)
        assertArrayEquals(before, File(storeDir, "cunxin.db").readBytes())
        assertThrows<CunxinFailure.InvalidInput> { stores.open(storeDir.path, ByteArray(16)) }
        assertThrows<CunxinFailure.NotFound> { stores.open(File(dir, "missing").path, key.copyOf()) }
        stores.open(storeDir.path, key.copyOf()).use { assertEquals(2, it.households().size) }
    }
}
