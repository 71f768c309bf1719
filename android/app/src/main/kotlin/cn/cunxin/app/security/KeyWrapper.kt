package cn.cunxin.app.security

/**
 * Wraps the store key with a key the device guards: the Android Keystore in the app
 * ([AndroidKeystoreWrapper]), a software key in tests. Both calls need the user to have
 * authenticated recently, else [KeyLocked]; a wrapping key the device threw away (new
 * fingerprint, lock screen removed) is [KeyInvalidated] and stays so.
 */
interface KeyWrapper {
    /** Makes a new wrapping key, replacing any old one. */
    fun createWrappingKey()

    fun deleteWrappingKey()

    fun wrap(plain: ByteArray): WrappedKey

    fun unwrap(wrapped: WrappedKey): ByteArray
}

/** AES-GCM output: [iv] and [ciphertext] with its tag. */
class WrappedKey(val iv: ByteArray, val ciphertext: ByteArray)

/** The user has not unlocked the device's credential recently: prompt, then try again. */
class KeyLocked(cause: Throwable? = null) : Exception("the device's credential has not been confirmed recently", cause)

/** The wrapping key is gone for good; the store key can only come back from the passphrase. */
class KeyInvalidated(cause: Throwable? = null) : Exception("the device's lock changed and the wrapping key was invalidated", cause)
