package cn.cunxin.test.platform

import cn.cunxin.api.handover.HttpAnswer
import cn.cunxin.api.handover.HttpCall
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.handover.HttpNoAnswer
import java.io.IOException
import java.net.URI
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.net.http.HttpClient as JdkClient

/** The JVM's own HTTP client as the app's [HttpClient] (the Android app uses its own stack). */
class JdkHttpClient : HttpClient {
    // HTTP/1.1: the JDK would otherwise try an h2c upgrade on plain http; no redirects, as the core asks.
    private val client = JdkClient.newBuilder()
        .version(JdkClient.Version.HTTP_1_1)
        .followRedirects(JdkClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build()

    override fun send(call: HttpCall): HttpAnswer {
        val request = HttpRequest.newBuilder(URI.create(call.url))
            .timeout(Duration.ofSeconds(30))
            .method(call.method, HttpRequest.BodyPublishers.ofByteArray(call.body))
            .apply { call.headers.forEach { (name, value) -> header(name, value) } }
            .build()
        val response = try {
            client.send(request, HttpResponse.BodyHandlers.ofByteArray())
        } catch (e: IOException) {
            throw HttpNoAnswer("no answer from ${call.url}: ${e.message}", e)
        }
        val headers = response.headers().map().flatMap { (name, values) -> values.map { name to it } }
        return HttpAnswer(response.statusCode(), headers, response.body())
    }
}
