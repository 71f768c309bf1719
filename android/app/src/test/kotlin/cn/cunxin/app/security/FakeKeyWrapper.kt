package cn.cunxin.app.security

import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * The Android Keystore's behaviour that [StoreKeys] relies on, with a software AES-GCM key
 * (Robolectric has no Keystore): calls fail while [authenticated] is false, and [invalidate]
 * throws the key away as a new fingerprint or a removed lock screen does.
 */
class FakeKeyWrapper : KeyWrapper {
    var authenticated = true
    var keysCreated = 0
        private set
    private var key: SecretKey? = null

    fun invalidate() {
        key = null
    }

    override fun createWrappingKey() {
        key = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()
        keysCreated++
    }

    override fun deleteWrappingKey() {
        key = null
    }

    override fun wrap(plain: ByteArray): WrappedKey {
        val cipher = Cipher.getInstance("AES/GCM/NoPadding").apply { init(Cipher.ENCRYPT_MODE, usable()) }
        return WrappedKey(cipher.iv, cipher.doFinal(plain))
    }

    override fun unwrap(wrapped: WrappedKey): ByteArray =
        Cipher.getInstance("AES/GCM/NoPadding")
            .apply { init(Cipher.DECRYPT_MODE, usable(), GCMParameterSpec(128, wrapped.iv)) }
            .doFinal(wrapped.ciphertext)

    private fun usable(): SecretKey {
        if (!authenticated) throw KeyLocked()
        return key ?: throw KeyInvalidated()
    }
}
