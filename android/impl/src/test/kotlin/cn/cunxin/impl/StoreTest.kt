package cn.cunxin.impl

import cn.cunxin.core.ConsentKind
import cn.cunxin.core.PhotoKind
import cn.cunxin.ffi.ConsentInfo
import cn.cunxin.ffi.CunxinException
import cn.cunxin.ffi.PhotoInfo
import cn.cunxin.ffi.Store
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

/** The encrypted store opened through the real library: a visit end to end, and a wrong key. */
class StoreTest {
    private fun key(): ByteArray = ByteArray(32).also { SecureRandom().nextBytes(it) }

    private fun roster(dir: File): String {
        val csv = """
            乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息
            城关镇,王庄村,一组,11010519491231002X,王长明,,H001,王庄村1号,13812345678,女,户主,汉,1949-12,3亩
            城关镇,王庄村,一组,410303199003071238,单乐,,H002,王庄村2号,,男,户主,汉,1990-03,
        """.trimIndent()
        return File(dir, "roster.csv").apply { writeBytes(csv.toByteArray(Charset.forName("GBK"))) }.path
    }

    private fun photoInfo() = PhotoInfo(
        kind = PhotoKind.HOUSE, sourceSha256 = "ab".repeat(32), phash = 0xF0F0F0F0F0F0F0F0uL,
        width = 1600u, height = 1200u, thumbWidth = 320u, thumbHeight = 240u,
        capturedAt = "2026-11-22T10:00:00+08:00", latitude = 34.6, longitude = 112.4, accuracyM = 5.0,
        takenBy = "网格员王五", qualityFlags = listOf(), overrideReason = null,
    )

    @Test
    fun `a visit is stored, finalized and verified through the bindings`(@TempDir dir: File) {
        val storeDir = File(dir, "store").path
        val key = key()
        val photo = File(dir, "photo.jpg").apply { writeBytes(ByteArray(200_000) { (it * 31).toByte() }) }
        val thumb = File(dir, "thumb.jpg").apply { writeBytes(ByteArray(9_000) { it.toByte() }) }
        val signature = File(dir, "signature.png").apply { writeBytes("signature strokes".toByteArray()) }
        Store.create(storeDir, key.copyOf()).use { store ->
            store.setOperator("网格员王五")
            val imported = store.importRoster(roster(dir))
            assertEquals(2u, imported.inserted)
            val lines = store.listHouseholds()
            assertEquals(listOf("王*明", "单*"), lines.map { it.headNameMasked })
            assertEquals("imported", lines[0].state)

            val draft = store.saveDraft("H001", """{"yearly_net_income_yuan": 30000, "household_size": 1}""")
            assertEquals(1u, draft.revision)
            assertEquals(listOf("household_size", "yearly_net_income_yuan"), draft.changedFields.sorted())
            store.addPhoto("H001", photo.path, thumb.path, photoInfo())
            store.addConsent(
                "H001",
                ConsentInfo(ConsentKind.PERSONAL_INFO, "2026.1", "cd".repeat(32), "王长明",
                    "2026-11-22T10:05:00+08:00", "王庄村", "网格员王五"),
                signature.path,
            )
            assertEquals(1u, store.finalize("H001"))
            val e = assertThrows<CunxinException.InvalidInput> { store.saveDraft("H001", "{}") }
            assertTrue(e.message.orEmpty().contains("finalized"), e.message)
            assertThrows<CunxinException.NotFound> { store.finalize("H404") }
            val chain = store.verifyChain()
            assertTrue(chain.intact, chain.reason)
        }
        // The photo file the app handed over is not kept in plaintext by the store.
        val stored = File(storeDir, "files").listFiles()!!.map { it.readBytes() }
        assertEquals(3, stored.size)
        assertFalse(stored.any { it.contentEquals(photo.readBytes()) })

        Store.open(storeDir, key.copyOf()).use { store ->
            assertEquals("finalized", store.listHouseholds().first { it.id == "H001" }.state)
            assertEquals(1u, store.listHouseholds().first { it.id == "H001" }.photos)
        }
    }

    @Test
    fun `a wrong key is a WrongKey exception and changes nothing`(@TempDir dir: File) {
        val storeDir = File(dir, "store")
        val key = key()
        Store.create(storeDir.path, key.copyOf()).use { it.importRoster(roster(dir)) }
        val before = File(storeDir, "cunxin.db").readBytes()
        val e = assertThrows<CunxinException.WrongKey> { Store.open(storeDir.path, key()) }
        assertTrue(e.message.orEmpty().startsWith("the key does not open this store"), e.message)
        assertArrayEquals(before, File(storeDir, "cunxin.db").readBytes())
        assertThrows<CunxinException.InvalidInput> { Store.open(storeDir.path, ByteArray(16)) }
        assertThrows<CunxinException.NotFound> { Store.open(File(dir, "missing").path, key.copyOf()) }
        Store.open(storeDir.path, key.copyOf()).use { assertEquals(2, it.listHouseholds().size) }
    }
}
