package cn.cunxin.flow

import cn.cunxin.test.builders.aCameraJpeg
import cn.cunxin.test.builders.aSignaturePng
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject
import java.io.File

/** A five-door sample in the generator's format, on the fixture roster: until `cunxin sample village` lands. */
object HandMadeSample {
    private val fixture = File(System.getProperty("user.dir"), "../../tests/fixtures/sample-village").canonicalFile
    private val members = listOf("李建国" to "village_cadre", "王秀英" to "resident_representative", "赵明" to "bank_manager", "钱组长" to "group_leader", "孙代表" to "resident_representative")

    fun write(dir: File): File {
        File(dir, "photos").mkdirs()
        File(dir, "signatures").mkdirs()
        File(fixture, "roster.csv").copyTo(File(dir, "roster.csv"))
        val facts = Json.parseToJsonElement(File(fixture, "facts.json").readText()).jsonArray.associate { it.jsonObject.getValue("household").jsonPrimitive.content to it.jsonObject.getValue("facts").jsonObject }
        File(dir, "panel.json").writeText(buildJsonArray { members.forEach { (m, r) -> add(buildJsonObject { put("member", m); put("role", r) }) } }.toString())
        var seed = 100
        fun photo(household: String, kind: String, file: String = "photos/$household-$kind.jpg", dark: Boolean = false, keep: String? = null, fresh: Boolean = true) = buildJsonObject {
            if (fresh) File(dir, file).writeBytes(aCameraJpeg(seed++, dark))
            put("kind", kind); put("file", file); put("keep_reason", keep)
        }
        fun consent(household: String, kind: String) = buildJsonObject {
            put("kind", kind); put("signer", "户主")
            val file = "signatures/$household-$kind.png"
            File(dir, file).writeBytes(aSignaturePng(seed++))
            put("signature", file)
        }
        fun household(id: String, door: String, outcome: String, photos: List<JsonElement> = emptyList(), consents: List<JsonElement> = emptyList(), ratingLimit: Long? = null, gap: String = "经核实收入稳定，取两者中较低额度", reason: String? = null, flags: JsonObject = JsonObject(emptyMap())) = buildJsonObject {
            put("household", id); put("village", "王庄村"); put("group", "1组"); put("door", door); put("scorecard", "luquan")
            putJsonObject("facts") { put("luquan", facts.getValue(id)) }
            put("photos", buildJsonArray { photos.forEach { add(it) } })
            put("consents", buildJsonArray { consents.forEach { add(it) } })
            putJsonArray("ratings") {
                if (ratingLimit != null) members.forEach { (m, r) -> add(buildJsonObject { put("member", m); put("role", r); put("business", 3); put("income_yuan", 40000); put("integrity", 4); put("limit_yuan", ratingLimit) }) }
            }
            put("gap_reason", gap)
            putJsonObject("expect") { put("outcome", outcome); put("reason_contains", reason); put("photo_flags", flags) }
        }
        fun allPhotos(id: String) = listOf("house", "id_front", "id_back", "portrait").map { photo(id, it) }
        val both = { id: String -> listOf(consent(id, "personal_info"), consent(id, "credit_inquiry")) }
        val h001 = allPhotos("H001")
        val script = buildJsonObject {
            put("seed", 2026); put("town", "城关镇")
            putJsonArray("villages") { add(kotlinx.serialization.json.JsonPrimitive("王庄村")) }
            putJsonArray("households") {
                add(household("H001", "visit", "accepted", h001, both("H001"), ratingLimit = 1000, gap = "评议小组了解到其经营近期下滑，按评议额度核定"))
                add(household("H002", "not_home", "not_sent"))
                add(household("H003", "declined", "not_sent"))
                add(household("H004", "visit", "returned", allPhotos("H004"), listOf(consent("H004", "personal_info")), reason = "征信查询授权"))
                val reused = photo("H005", "house", file = "photos/H001-house.jpg", fresh = false)
                add(household("H005", "visit", "accepted", listOf(reused) + listOf("id_front", "id_back", "portrait").map { photo("H005", it) }, both("H005"),
                    flags = buildJsonObject { putJsonArray("photos/H001-house.jpg") { add(kotlinx.serialization.json.JsonPrimitive("near_duplicate_other_household")) } }))
            }
        }
        File(dir, "script.json").writeText(script.toString())
        return dir
    }
}
