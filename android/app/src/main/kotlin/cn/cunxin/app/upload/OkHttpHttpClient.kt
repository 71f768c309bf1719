package cn.cunxin.app.upload

import cn.cunxin.api.handover.HttpAnswer
import cn.cunxin.api.handover.HttpCall
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.handover.HttpNoAnswer
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody
import java.io.IOException
import java.util.concurrent.TimeUnit

/** The core's HTTP calls over OkHttp (tus needs PATCH, which HttpURLConnection refuses); no redirects. */
class OkHttpHttpClient(
    private val client: OkHttpClient = OkHttpClient.Builder()
        .followRedirects(false)
        .followSslRedirects(false)
        .connectTimeout(10, TimeUnit.SECONDS)
        .readTimeout(30, TimeUnit.SECONDS)
        .writeTimeout(30, TimeUnit.SECONDS)
        .build(),
) : HttpClient {
    override fun send(call: HttpCall): HttpAnswer {
        val body = if (call.method == "GET" || call.method == "HEAD") null else call.body.toRequestBody()
        val request = Request.Builder()
            .url(call.url)
            .method(call.method, body)
            .apply { call.headers.forEach { (name, value) -> addHeader(name, value) } }
            .build()
        return try {
            client.newCall(request).execute().use { response ->
                HttpAnswer(response.code, response.headers.map { (name, value) -> name to value }, response.body?.bytes() ?: ByteArray(0))
            }
        } catch (e: IOException) {
            throw HttpNoAnswer("no answer from ${call.url}: ${e.message}", e)
        }
    }
}
