package cn.cunxin.test.platform

import cn.cunxin.api.handover.HttpAnswer
import cn.cunxin.api.handover.HttpCall
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.handover.HttpNoAnswer

/** Drops the first PATCH as a dropping Wi-Fi would: the request never gets an answer. */
class CutOnce(private val http: HttpClient) : HttpClient {
    @Volatile
    var cuts = 0
        private set

    override fun send(call: HttpCall): HttpAnswer = if (call.method == "PATCH" && cuts == 0) {
        cuts++
        throw HttpNoAnswer("connection reset")
    } else {
        http.send(call)
    }
}
