package cn.cunxin.flow

import cn.cunxin.sampleday.FieldDayReport
import cn.cunxin.sampleday.Outcome
import cn.cunxin.sampleday.SampleVillage
import cn.cunxin.sampleday.ScriptHousehold
import cn.cunxin.test.fakes.RosterCsv
import cn.cunxin.test.fakes.maskId
import cn.cunxin.test.fakes.maskName
import cn.cunxin.test.platform.PlatformHouseholds
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.longOrNull

/**
 * Compares what the bank's platform stored with what the sample village says it should hold,
 * field by field; returns one line per difference (empty when they agree). Names and ID numbers
 * in the lines are masked.
 */
object StoredVersusSample {
    fun differences(sample: SampleVillage, day: FieldDayReport, stored: PlatformHouseholds): List<String> {
        val members = RosterMembers.read(sample, day.imported.report.errors.map { it.row }.toSet())
        val accepted = stored.accepted.groupBy { it.householdId }
        val returned = stored.returned.groupBy { it.householdId }
        val differences = mutableListOf<String>()
        val inScript = sample.households.map { it.id }.toSet()
        (accepted.keys + returned.keys - inScript).forEach { differences += "$it is at the bank but not in the sample's script" }
        for (household in sample.households) {
            val id = household.id
            val records = accepted[id].orEmpty()
            val returns = returned[id].orEmpty()
            when (household.expect.outcome) {
                Outcome.NOT_SENT -> if (records.isNotEmpty() || returns.isNotEmpty()) differences += "$id should not have been sent, the bank has ${records.size} record(s) and ${returns.size} return(s)"
                Outcome.RETURNED -> {
                    if (records.isNotEmpty()) differences += "$id should have been returned, the bank accepted it"
                    val reason = returns.singleOrNull()?.reason
                    val expected = household.expect.reasonContains
                    when {
                        returns.size != 1 -> differences += "$id should have been returned once, the bank returned it ${returns.size} time(s)"
                        expected != null && expected !in reason!! -> differences += "$id was returned for \"$reason\", the sample expects a reason with \"$expected\""
                    }
                }
                Outcome.ACCEPTED -> {
                    if (returns.isNotEmpty()) differences += "$id should have been accepted, the bank returned it: ${returns.map { it.reason }}"
                    if (records.size != 1) differences += "$id should have been accepted once, the bank holds ${records.size} record(s)"
                    records.singleOrNull()?.let { differences += recordDifferences(household, it.record, members[id].orEmpty(), day) + panelDifferences(sample, household, it.record) }
                }
            }
        }
        return differences
    }

    private fun recordDifferences(household: ScriptHousehold, record: JsonObject, roster: List<RosterMember>, day: FieldDayReport): List<String> {
        val id = household.id
        val out = mutableListOf<String>()

        val storedMembers = record.obj("household").array("members").map { RosterMember(it.text("name"), it.text("id_number")) }
        if (storedMembers.toSet() != roster.toSet()) {
            out += "$id: the bank's members ${storedMembers.map(RosterMember::masked)} are not the roster's ${roster.map(RosterMember::masked)}"
        }

        val facts = record["facts"] as? JsonObject
        if (facts == null || !sameJson(facts, household.facts)) {
            val differing = (household.facts.keys + facts?.keys.orEmpty()).filter { k -> !sameJson(facts?.get(k), household.facts[k]) }
            out += "$id: the bank's facts differ from the sample's ${household.scorecard} facts in $differing"
        }

        val consents = record.array("consents").map { it.text("kind") to it.text("signer") }.sortedBy { it.toString() }
        val expectedConsents = household.consents.map { it.kind.name.lowercase() to it.signer }.sortedBy { it.toString() }
        if (consents != expectedConsents) out += "$id: the bank's consents (kind, signer) are $consents, the sample's $expectedConsents"

        val taken = day.photoSha256[id].orEmpty()
        val photos = record.array("photos").map { it.jsonObject }
        val storedSha = photos.map { it.text("sha256") }
        if (storedSha.sorted() != taken.values.sorted()) {
            out += "$id: the bank's photos (SHA-256 ${storedSha.map { it.take(12) }}) are not the ones the store took (${taken.mapValues { it.value.take(12) }})"
        }
        val fileOf = taken.entries.associate { (file, sha) -> sha to file }
        for (photo in photos) {
            val file = fileOf[photo.text("sha256")] ?: continue
            val flags = photo.obj("meta").array("quality_flags").map { it.jsonPrimitive.content }.sorted()
            val expected = household.expect.photoFlags[file].orEmpty().map { it.name.lowercase() }.sorted()
            if (flags != expected) out += "$id: the bank sees $file flagged $flags, the sample expects $expected"
        }
        return out
    }

    /**
     * The review panel as the bank received it: each member's suggested limit (null where the
     * member abstained), and the grid manager's written reason wherever the core found the gap
     * large; no household reaches the bank with a large gap left unexplained.
     */
    private fun panelDifferences(sample: SampleVillage, household: ScriptHousehold, record: JsonObject): List<String> {
        val id = household.id
        val out = mutableListOf<String>()
        val reviews = record.array("committee_reviews").associate { it.text("member") to it.jsonObject["suggested_limit_yuan"]?.jsonPrimitive?.longOrNull }
        val ratings = household.ratings.associateBy { it.member }
        val expected = sample.panel.associate { it.name to ratings[it.name]?.limitYuan }
        if (reviews != expected) out += "$id: the bank's panel limits by member are ${reviews.mapKeys { maskName(it.key) }}, the sample's ${expected.mapKeys { maskName(it.key) }}"
        val reconciliation = record.obj("reconciliation")
        when (reconciliation.text("flag")) {
            "needs_reason" -> out += "$id reached the bank with a large gap between the model's and the panel's limits and no reason"
            "reasoned" -> if (reconciliation.text("reason") != household.gapReason) out += "$id: the bank's gap reason is not the one the grid manager gave"
        }
        return out
    }

    /** Equal as JSON values, numbers by value (the core may write 90000 as 90000.0). */
    private fun sameJson(a: JsonElement?, b: JsonElement?): Boolean = when {
        a == null || a is JsonNull -> b == null || b is JsonNull
        a is JsonObject -> b is JsonObject && a.keys == b.keys && a.keys.all { sameJson(a[it], b[it]) }
        a is JsonArray -> b is JsonArray && a.size == b.size && a.indices.all { sameJson(a[it], b[it]) }
        a is JsonPrimitive && b is JsonPrimitive -> if (!a.isString && !b.isString && a.doubleOrNull != null) a.doubleOrNull == b.doubleOrNull else a == b
        else -> false
    }

    private fun JsonElement.obj(key: String): JsonObject = jsonObject[key]?.jsonObject ?: JsonObject(emptyMap())

    private fun JsonElement.array(key: String): List<JsonElement> = (jsonObject[key] as? JsonArray).orEmpty()

    private fun JsonElement.text(key: String): String = jsonObject[key]?.takeUnless { it is JsonNull }?.jsonPrimitive?.contentOrNull.orEmpty()
}

/** A member as the roster file lists them. */
data class RosterMember(val name: String, val idNumber: String) {
    fun masked(): String = "${maskName(name)} ${maskId(idNumber)}"

    override fun toString(): String = masked()
}

/** The members of each household in the sample's roster.csv, without the rows the import refused. */
object RosterMembers {
    /** [errorRows] are the import report's rows with errors (1-based data rows, the header not counted). */
    fun read(sample: SampleVillage, errorRows: Set<Int>): Map<String, List<RosterMember>> =
        RosterCsv.read(sample.roster.path).filter { it.row !in errorRows }.groupBy({ it.household }, { RosterMember(it.name, it.id) })
}
