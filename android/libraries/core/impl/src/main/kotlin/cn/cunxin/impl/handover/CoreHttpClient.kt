package cn.cunxin.impl.handover

import cn.cunxin.api.handover.HttpCall
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.ffi.HttpAnswer
import cn.cunxin.ffi.HttpFailure
import cn.cunxin.ffi.HttpHeader
import java.io.IOException
import cn.cunxin.ffi.HttpCall as FfiHttpCall
import cn.cunxin.ffi.HttpClient as FfiHttpClient

/** Carries the core's HTTP calls over the app's client; no answer at all becomes a retry in the core. */
internal class CoreHttpClient(private val http: HttpClient) : FfiHttpClient {
    override fun send(call: FfiHttpCall): HttpAnswer {
        val answer = try {
            http.send(HttpCall(call.method, call.url, call.headers.map { it.name to it.value }, call.body))
        } catch (e: IOException) {
            throw HttpFailure.NoAnswer(e.message ?: e.javaClass.simpleName)
        }
        return HttpAnswer(answer.status.toUShort(), answer.headers.map { (n, v) -> HttpHeader(n, v) }, answer.body)
    }
}
