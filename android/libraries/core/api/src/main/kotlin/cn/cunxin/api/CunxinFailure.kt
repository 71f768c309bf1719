package cn.cunxin.api

/**
 * A failure of the core that the calling screen did not model as a result. The message is one
 * sentence, safe to show and to log: the core never puts personal data in it.
 */
sealed class CunxinFailure(message: String, cause: Throwable?) : RuntimeException(message, cause) {
    /** The input is wrong; the message says what and how to fix it. */
    class InvalidInput(message: String, cause: Throwable? = null) : CunxinFailure(message, cause)

    /** The store's key does not open it. Nothing was changed. */
    class WrongKey(message: String, cause: Throwable? = null) : CunxinFailure(message, cause)

    /** What was asked for does not exist. */
    class NotFound(message: String, cause: Throwable? = null) : CunxinFailure(message, cause)

    /** Reading or writing the device's storage failed. */
    class Storage(message: String, cause: Throwable? = null) : CunxinFailure(message, cause)

    /** The platform could not be reached or answered wrongly; nothing was lost, try again. */
    class Network(message: String, cause: Throwable? = null) : CunxinFailure(message, cause)

    /** A bug in Cunxin (including a panic in the core); worth reporting. */
    class Bug(message: String, cause: Throwable? = null) : CunxinFailure(message, cause)
}
