package cn.cunxin.test.platform

import cn.cunxin.api.store.FieldStore
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.File
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

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

    /** Every household the platform holds: the accepted ones with their records as stored, and the returned ones with the reason. */
    fun households(): PlatformHouseholds {
        // --reveal: the records in full (without it the platform prints them masked away).
        val answer = Json.parseToJsonElement(run(binary, "--config", config.path, "households", "--json", "--reveal")).jsonObject
        fun JsonObject.text(key: String) = getValue(key).jsonPrimitive.content
        return PlatformHouseholds(
            accepted = answer.getValue("accepted").jsonArray.map { it.jsonObject }.map {
                AcceptedRecord(it.text("batch_id"), it.text("household_id"), it.getValue("record").jsonObject)
            },
            returned = answer.getValue("returned").jsonArray.map { it.jsonObject }.map {
                ReturnedRecord(it.text("batch_id"), it.text("household_id"), it.text("reason"))
            },
        )
    }

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
            val output = process.inputStream.bufferedReader()
            val banner = output.readLine() ?: error("cunxin-platform exited: ${process.waitFor()}")
            // Its log goes on while it runs: read it away, or a full pipe would stop the platform mid-batch.
            thread(isDaemon = true, name = "cunxin-platform log") { output.forEachLine { } }
            val endpoint = banner.substringAfter("listening on ").trim()
            return ReferencePlatform(process, config, endpoint, File(keys, "platform.pub").readText(), recipient)
        }

        /** Runs a command to its end; returns what it printed on stdout (stderr goes into the failure). */
        fun run(vararg command: String): String {
            val errors = File.createTempFile("cunxin-", ".stderr")
            try {
                val process = ProcessBuilder(*command).redirectError(errors).start()
                val output = process.inputStream.bufferedReader().readText()
                check(process.waitFor() == 0) { "${command.first()} failed: ${errors.readText()}$output" }
                return output
            } finally {
                errors.delete()
            }
        }
    }
}

/** What the bank's platform stored, as `cunxin-platform households --json` prints it. */
data class PlatformHouseholds(val accepted: List<AcceptedRecord>, val returned: List<ReturnedRecord>)

/** An accepted household and its record (format cunxin-household/1) as the platform stored it. */
data class AcceptedRecord(val batchId: String, val householdId: String, val record: JsonObject) {
    override fun toString(): String = "AcceptedRecord($batchId, $householdId)"
}

data class ReturnedRecord(val batchId: String, val householdId: String, val reason: String)
