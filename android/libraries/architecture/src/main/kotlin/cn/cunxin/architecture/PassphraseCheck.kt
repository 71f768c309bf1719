package cn.cunxin.architecture

import java.security.MessageDigest
import java.security.SecureRandom
import javax.crypto.SecretKeyFactory
import javax.crypto.spec.PBEKeySpec

/**
 * Remembers, while the store is unlocked, only a salted PBKDF2 hash of the grid manager's
 * passphrase, so the resident's hand-over screen can ask for it again without the app keeping the
 * passphrase itself. The characters given are wiped.
 */
class PassphraseCheck private constructor(private val salt: ByteArray, private val hash: ByteArray) {
    fun matches(candidate: CharArray): Boolean = MessageDigest.isEqual(hash, derive(candidate, salt))

    companion object {
        fun of(passphrase: CharArray): PassphraseCheck {
            val salt = ByteArray(16).also { SecureRandom().nextBytes(it) }
            return PassphraseCheck(salt, derive(passphrase, salt))
        }

        private fun derive(passphrase: CharArray, salt: ByteArray): ByteArray {
            val spec = PBEKeySpec(passphrase.copyOf(), salt, 20_000, 256)
            passphrase.fill(' ')
            return try {
                SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).encoded
            } finally {
                spec.clearPassword()
            }
        }
    }
}
