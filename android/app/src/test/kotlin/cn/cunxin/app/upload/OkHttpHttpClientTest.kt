package cn.cunxin.app.upload

import cn.cunxin.api.handover.HttpCall
import cn.cunxin.api.handover.HttpNoAnswer
import com.sun.net.httpserver.HttpServer
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.net.InetSocketAddress
import java.net.ServerSocket

/** Real HTTP on loopback: the calls tus makes go out exactly as the core gives them. */
class OkHttpHttpClientTest {
    private val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0).apply {
        createContext("/files/") { exchange ->
            val body = exchange.requestBody.readAllBytes()
            exchange.responseHeaders.add("Upload-Offset", (body.size + 100).toString())
            exchange.responseHeaders.add("Seen-Method", exchange.requestMethod)
            exchange.responseHeaders.add("Seen-Tus", exchange.requestHeaders.getFirst("Tus-Resumable").orEmpty())
            exchange.sendResponseHeaders(204, -1)
            exchange.close()
        }
        createContext("/moved") { exchange ->
            exchange.responseHeaders.add("Location", "/files/")
            exchange.sendResponseHeaders(301, -1)
            exchange.close()
        }
        start()
    }
    private val base = "http://127.0.0.1:${server.address.port}"

    @AfterEach
    fun stop() = server.stop(0)

    @Test
    fun `a PATCH goes out with its headers and body, and the answer comes back whatever its status`() {
        val answer = OkHttpHttpClient().send(
            HttpCall("PATCH", "$base/files/abc", listOf("Tus-Resumable" to "1.0.0", "Content-Type" to "application/offset+octet-stream"), ByteArray(5) { it.toByte() }),
        )
        assertEquals(204, answer.status)
        val headers = answer.headers.associate { (name, value) -> name.lowercase() to value }
        assertEquals("105", headers["upload-offset"])
        assertEquals("PATCH", headers["seen-method"])
        assertEquals("1.0.0", headers["seen-tus"])
        assertArrayEquals(ByteArray(0), answer.body)
    }

    @Test
    fun `a redirect is returned, not followed`() {
        val answer = OkHttpHttpClient().send(HttpCall("HEAD", "$base/moved", emptyList(), ByteArray(0)))
        assertEquals(301, answer.status)
    }

    @Test
    fun `no answer at all is HttpNoAnswer`() {
        val closedPort = ServerSocket(0).use { it.localPort }
        assertThrows<HttpNoAnswer> {
            OkHttpHttpClient().send(HttpCall("HEAD", "http://127.0.0.1:$closedPort/files/x", emptyList(), ByteArray(0)))
        }
    }
}
