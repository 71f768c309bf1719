package cn.cunxin.api.handover

import java.io.IOException

/**
 * The app's HTTP client, which carries the core's tus upload and receipt requests. It sends each
 * call exactly as given (no redirects) and returns the answer whatever its status; it throws
 * [HttpNoAnswer] only when no answer came (connection refused, cut, timed out).
 * On Android: OkHttp in the app module. On the JVM tests: java.net.http.
 */
fun interface HttpClient {
    fun send(call: HttpCall): HttpAnswer
}

class HttpCall(val method: String, val url: String, val headers: List<Pair<String, String>>, val body: ByteArray)

class HttpAnswer(val status: Int, val headers: List<Pair<String, String>>, val body: ByteArray)

class HttpNoAnswer(message: String, cause: Throwable? = null) : IOException(message, cause)

data class SealedBatch(val batchId: String, val households: Int, val files: Int, val batchBytes: Long)

/** A household the platform sent back, to be corrected and sealed again. */
data class ReturnedHousehold(val household: String, val reason: String)

/** What the hand-over of one batch did. */
sealed interface HandOverOutcome {
    val batchId: String

    /** The platform's receipt was verified: [uploaded] households are purged from the tablet. */
    data class Received(
        override val batchId: String,
        val receiptId: String,
        val uploaded: List<String>,
        val returned: List<ReturnedHousehold>,
        val filesDestroyed: Int,
    ) : HandOverOutcome

    /** The platform refused the whole batch; it stays sealed on the tablet. */
    data class Refused(override val batchId: String, val reason: String) : HandOverOutcome
}
