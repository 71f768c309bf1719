package cn.cunxin.app.security

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File

class StoreKeysTest {
    private val wrapper = FakeKeyWrapper()

    @Test
    fun `a created key is 32 random bytes, kept only wrapped, and unwraps to the same bytes`(@TempDir dir: File) {
        val file = File(dir, "store-key.wrapped")
        val keys = StoreKeys(wrapper, file)
        assertEquals(StoreKeyState.Absent, keys.unlock())

        val key = keys.create()
        assertEquals(32, key.size)
        assertFalse(file.readBytes().toList().windowed(key.size).any { it.toByteArray().contentEquals(key) }, "the key is never on disk in clear")
        assertArrayEquals(key, assertInstanceOf(StoreKeyState.Ready::class.java, keys.unlock()).key)
        assertFalse(key.contentEquals(StoreKeys(FakeKeyWrapper(), File(dir, "other")).create()), "two stores, two keys")
    }

    @Test
    fun `without a fresh device credential the key asks for authentication, then opens`(@TempDir dir: File) {
        val keys = StoreKeys(wrapper, File(dir, "k"))
        val key = keys.create()
        wrapper.authenticated = false
        assertEquals(StoreKeyState.NeedsAuthentication, keys.unlock())
        wrapper.authenticated = true
        assertArrayEquals(key, assertInstanceOf(StoreKeyState.Ready::class.java, keys.unlock()).key)
    }

    @Test
    fun `an invalidated Keystore key asks for the passphrase, and the recovered key is wrapped anew`(@TempDir dir: File) {
        val file = File(dir, "k")
        val keys = StoreKeys(wrapper, file)
        val key = keys.create()
        val before = file.readBytes()
        wrapper.invalidate()
        assertEquals(StoreKeyState.NeedsPassphrase, keys.unlock())
        assertArrayEquals(before, file.readBytes(), "a failed unlock changes nothing on disk")

        keys.rewrap(key.copyOf())
        assertEquals(2, wrapper.keysCreated, "a new wrapping key")
        assertArrayEquals(key, assertInstanceOf(StoreKeyState.Ready::class.java, keys.unlock()).key)
    }

    @Test
    fun `a second key is refused rather than orphaning the store of the first`(@TempDir dir: File) {
        val keys = StoreKeys(wrapper, File(dir, "k"))
        keys.create()
        assertThrows<IllegalStateException> { keys.create() }
        assertThrows<IllegalArgumentException> { keys.rewrap(ByteArray(16)) }
    }
}
