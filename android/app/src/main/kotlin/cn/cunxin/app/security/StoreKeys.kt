package cn.cunxin.app.security

import java.io.DataInputStream
import java.io.DataOutputStream
import java.io.File
import java.security.SecureRandom

/** What unlocking the store key gave. */
sealed interface StoreKeyState {
    /** First start: no store key yet; [StoreKeys.create] makes one. */
    data object Absent : StoreKeyState

    /** Confirm the device credential (PIN, pattern, biometric), then unlock again. */
    data object NeedsAuthentication : StoreKeyState

    /** The Keystore key is gone; the store is intact and opens with the grid manager's passphrase. */
    data object NeedsPassphrase : StoreKeyState

    /** The 32-byte store key; the caller hands it to the core, which wipes it. */
    class Ready(val key: ByteArray) : StoreKeyState
}

/**
 * The store's random 32-byte key, kept on disk only wrapped by [wrapper], in [file]
 * (app-private, excluded from backups). Format: version byte, IV length, IV, ciphertext.
 */
class StoreKeys(private val wrapper: KeyWrapper, private val file: File, private val random: SecureRandom = SecureRandom()) {
    fun unlock(): StoreKeyState {
        if (!file.exists()) return StoreKeyState.Absent
        return try {
            StoreKeyState.Ready(wrapper.unwrap(read()))
        } catch (_: KeyLocked) {
            StoreKeyState.NeedsAuthentication
        } catch (_: KeyInvalidated) {
            StoreKeyState.NeedsPassphrase
        }
    }

    /** A new store key under a new wrapping key; fails if one exists (it would orphan a store). */
    fun create(): ByteArray {
        check(!file.exists()) { "a store key already exists" }
        val key = ByteArray(KEY_BYTES).also(random::nextBytes)
        wrapper.createWrappingKey()
        write(wrapper.wrap(key))
        return key
    }

    /**
     * After the passphrase brought the store key back (the core's passphrase unwrapping): wrap it
     * under a fresh Keystore key, so the next start needs only the device credential again.
     * [key] is wiped.
     */
    fun rewrap(key: ByteArray) {
        require(key.size == KEY_BYTES) { "a store key has $KEY_BYTES bytes" }
        wrapper.deleteWrappingKey()
        wrapper.createWrappingKey()
        write(wrapper.wrap(key))
        key.fill(0)
    }

    private fun read(): WrappedKey = DataInputStream(file.inputStream().buffered()).use { input ->
        val version = input.readUnsignedByte()
        check(version == FORMAT) { "unknown wrapped-key format $version" }
        val iv = ByteArray(input.readUnsignedByte()).also(input::readFully)
        WrappedKey(iv, input.readBytes())
    }

    // Written beside and renamed over, so a crash never leaves half a key file.
    private fun write(wrapped: WrappedKey) {
        file.parentFile?.mkdirs()
        val partial = File(file.path + ".partial")
        DataOutputStream(partial.outputStream()).use { out ->
            out.writeByte(FORMAT)
            out.writeByte(wrapped.iv.size)
            out.write(wrapped.iv)
            out.write(wrapped.ciphertext)
            out.flush()
        }
        check(partial.renameTo(file)) { "could not write the wrapped store key" }
    }

    private companion object {
        const val KEY_BYTES = 32
        const val FORMAT = 1
    }
}
