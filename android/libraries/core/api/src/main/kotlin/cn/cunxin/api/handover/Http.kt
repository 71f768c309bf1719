package cn.cunxin.api.handover

import java.io.IOException

/**
 * The app's HTTP client, which carries the core's tus upload and receipt requests. It sends each
 * call exactly as given (no redirects) and returns the answer whatever its status; it throws
 * [HttpNoAnswer] only when no answer came (connection refused, cut, timed out). It is called on
 * the core's IO thread, never on the UI thread.
 * On Android: OkHttp in the app module. On the JVM tests: java.net.http.
 */
fun interface HttpClient {
    fun send(call: HttpCall): HttpAnswer
}

class HttpCall(val method: String, val url: String, val headers: List<Pair<String, String>>, val body: ByteArray)

class HttpAnswer(val status: Int, val headers: List<Pair<String, String>>, val body: ByteArray)

class HttpNoAnswer(message: String, cause: Throwable? = null) : IOException(message, cause)
