package cn.cunxin.app.security

import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.UserNotAuthenticatedException
import java.security.KeyStore
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * An AES-256-GCM key in the Android Keystore that works only for [unlockedForSeconds] after the
 * user confirmed the device credential or a strong biometric, and that the device invalidates
 * when a fingerprint is enrolled or the lock screen removed. A time window rather than a
 * per-use prompt lets the hand-over worker finish after the grid manager unlocked.
 */
class AndroidKeystoreWrapper(
    private val alias: String = "cunxin-store-key",
    private val unlockedForSeconds: Int = 300,
) : KeyWrapper {
    private val keyStore: KeyStore = KeyStore.getInstance(PROVIDER).apply { load(null) }

    override fun createWrappingKey() {
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(256)
            .setUserAuthenticationRequired(true)
            .setInvalidatedByBiometricEnrollment(true)
            .apply {
                if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) {
                    setUserAuthenticationParameters(
                        unlockedForSeconds,
                        KeyProperties.AUTH_BIOMETRIC_STRONG or KeyProperties.AUTH_DEVICE_CREDENTIAL,
                    )
                } else {
                    @Suppress("DEPRECATION")
                    setUserAuthenticationValidityDurationSeconds(unlockedForSeconds)
                }
            }
            .build()
        KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, PROVIDER).apply { init(spec) }.generateKey()
    }

    override fun deleteWrappingKey() {
        if (keyStore.containsAlias(alias)) keyStore.deleteEntry(alias)
    }

    override fun wrap(plain: ByteArray): WrappedKey = guarded {
        val cipher = Cipher.getInstance(TRANSFORMATION).apply { init(Cipher.ENCRYPT_MODE, key()) }
        WrappedKey(cipher.iv, cipher.doFinal(plain))
    }

    override fun unwrap(wrapped: WrappedKey): ByteArray = guarded {
        Cipher.getInstance(TRANSFORMATION)
            .apply { init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(TAG_BITS, wrapped.iv)) }
            .doFinal(wrapped.ciphertext)
    }

    // Removing the lock screen deletes auth-bound keys outright: that is an invalidation too.
    private fun key(): SecretKey = keyStore.getKey(alias, null) as SecretKey? ?: throw KeyInvalidated()

    private inline fun <T> guarded(block: () -> T): T = try {
        block()
    } catch (e: KeyPermanentlyInvalidatedException) {
        throw KeyInvalidated(e)
    } catch (e: UserNotAuthenticatedException) {
        throw KeyLocked(e)
    }

    private companion object {
        const val PROVIDER = "AndroidKeyStore"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val TAG_BITS = 128
    }
}
