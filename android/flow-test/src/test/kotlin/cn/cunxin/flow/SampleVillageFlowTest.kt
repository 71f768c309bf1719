package cn.cunxin.flow

import cn.cunxin.impl.CoreCunxin
import cn.cunxin.sampleday.Bank
import cn.cunxin.sampleday.BankEndpoint
import cn.cunxin.sampleday.FieldDay
import cn.cunxin.sampleday.Outcome
import cn.cunxin.sampleday.SampleVillage
import cn.cunxin.test.platform.JdkHttpClient
import cn.cunxin.test.platform.PlatformHouseholds
import cn.cunxin.test.platform.ReferencePlatform
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.time.LocalDate

/**
 * The generated sample village (`cunxin sample village DIR`) through one grid manager's day on
 * the presenters, the real core and the real `cunxin-platform` on loopback; then what the bank
 * stored is compared with the sample field by field: every accepted household's members, facts,
 * consents, photos (only the planted reuse flagged as a near duplicate), the panel's limits and
 * the grid manager's reasons for the large gaps, every returned one
 * with its reason, and nothing of the households never sent.
 */
class SampleVillageFlowTest {
    @TempDir
    lateinit var dir: File

    private val cli = System.getProperty("cunxin.cli.bin") ?: error("cunxin.cli.bin is not set; run the tests with cargo xtask test")

    @Test
    fun `the sample village's day ends at the bank with every household as the sample says`() = runBlocking {
        val sampleDir = File(dir, "sample")
        ReferencePlatform.run(cli, "sample", "village", sampleDir.path)
        val sample = SampleVillage.read(sampleDir)
        var platform: ReferencePlatform? = null
        try {
            val bank = Bank { devicePublicKey ->
                val started = ReferencePlatform.start(File(dir, "bank"), devicePublicKey).also { platform = it }
                BankEndpoint(started.endpoint, started.publicKey, started.bankRecipient, JdkHttpClient())
            }
            val started = System.nanoTime()
            val day = FieldDay(CoreCunxin(), File(dir, "store"), sample, bank, PASSPHRASE, File(dir, "work"), today = LocalDate.of(2026, 12, 3)).run()
            println("the sample village's day (${sample.households.size} households) took ${(System.nanoTime() - started) / 1_000_000} ms: ${day.millis}")
            val stored = platform!!.households()

            assertEquals(emptyList<String>(), StoredVersusSample.differences(sample, day, stored))
            val outcomes = sample.households.groupingBy { it.expect.outcome }.eachCount()
            assertTrue(Outcome.entries.all { (outcomes[it] ?: 0) > 0 }, "the sample has accepted, returned and never sent households: $outcomes")
            assertTrue(day.noticePages.isNotEmpty(), "a public notice was written")

            // The comparison sees a household missing at the bank, and a field that differs.
            val accepted = stored.accepted.first()
            val missing = PlatformHouseholds(stored.accepted - accepted, stored.returned)
            assertTrue(StoredVersusSample.differences(sample, day, missing).any { accepted.householdId in it })
            val facts = accepted.record.getValue("facts") as JsonObject
            val changed = accepted.copy(record = JsonObject(accepted.record + ("facts" to JsonObject(facts + (facts.keys.first() to JsonPrimitive("changed"))))))
            val tampered = PlatformHouseholds(stored.accepted.map { if (it == accepted) changed else it }, stored.returned)
            assertTrue(StoredVersusSample.differences(sample, day, tampered).any { accepted.householdId in it && "facts" in it })

            // The panel's large gaps reached the bank with the grid manager's reasons, and the comparison sees a changed one.
            val reasoned = stored.accepted.filter { (it.record["reconciliation"] as? JsonObject)?.get("flag") == JsonPrimitive("reasoned") }
            assertTrue(reasoned.isNotEmpty(), "the sample's panel left at least one large gap the grid manager explained")
            val gap = reasoned.first()
            val reconciliation = gap.record.getValue("reconciliation") as JsonObject
            val otherReason = gap.copy(record = JsonObject(gap.record + ("reconciliation" to JsonObject(reconciliation + ("reason" to JsonPrimitive("另一个理由"))))))
            val reworded = PlatformHouseholds(stored.accepted.map { if (it == gap) otherReason else it }, stored.returned)
            assertTrue(StoredVersusSample.differences(sample, day, reworded).any { gap.householdId in it && "gap reason" in it })
        } finally {
            platform?.stop()
        }
    }

    private companion object {
        const val PASSPHRASE = "村信样例村2026"
    }
}
