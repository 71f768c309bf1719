package cn.cunxin.test.platform

import cn.cunxin.api.store.FieldStore
import java.io.File
import java.util.concurrent.TimeUnit

/** The real `cunxin-platform` binary with its own keys, listening on a free loopback port. */
class ReferencePlatform(
    private val process: Process,
    private val config: File,
    val endpoint: String,
    val publicKey: String,
    val bankRecipient: String,
) {
    /** Decides every batch in [folder] as the branch's USB import does, writing the answers beside them. */
    fun import(folder: File) = run(binary, "--config", config.path, "import", folder.path)

    fun stop() {
        process.destroy()
        process.waitFor(10, TimeUnit.SECONDS)
    }

    /** Enters this platform in the store's settings, as the branch does once. */
    suspend fun configure(store: FieldStore) {
        store.settings.setUploadAddress(endpoint)
        store.settings.setPlatformKey(publicKey)
        store.settings.setBankRecipients(bankRecipient)
    }

    companion object {
        private val binary = System.getProperty("cunxin.platform.bin")
            ?: error("cunxin.platform.bin is not set; run the tests with cargo xtask test")

        fun start(dir: File, devicePublicKey: String): ReferencePlatform {
            val keys = File(dir, "keys")
            File(keys, "devices").mkdirs()
            File(keys, "devices/tablet.pub").writeText(devicePublicKey)
            run(binary, "keygen", keys.path)
            run("age-keygen", "-o", File(keys, "bank.key").path)
            val recipient = File(keys, "bank.key").readLines().first { it.startsWith("# public key: ") }.removePrefix("# public key: ")
            val config = File(dir, "platform.toml").apply {
                writeText(
                    """
                    listen = "127.0.0.1:0"
                    data_dir = "data"
                    [keys]
                    bank_identity = "keys/bank.key"
                    platform_key = "keys/platform.key"
                    devices_dir = "keys/devices"
                    """.trimIndent(),
                )
            }
            val process = ProcessBuilder(binary, "--config", config.path).redirectErrorStream(true).start()
            val banner = process.inputStream.bufferedReader().readLine()
                ?: error("cunxin-platform exited: ${process.waitFor()}")
            val endpoint = banner.substringAfter("listening on ").trim()
            return ReferencePlatform(process, config, endpoint, File(keys, "platform.pub").readText(), recipient)
        }

        fun run(vararg command: String) {
            val process = ProcessBuilder(*command).redirectErrorStream(true).start()
            val output = process.inputStream.bufferedReader().readText()
            check(process.waitFor() == 0) { "${command.first()} failed: $output" }
        }
    }
}
