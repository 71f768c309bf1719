package cn.cunxin.sampleday

import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.panel.PanelRole
import cn.cunxin.api.photos.PhotoFlag
import cn.cunxin.api.photos.PhotoKind
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.longOrNull
import java.io.File

/**
 * The generated sample village (`cunxin sample village DIR`): the roster to import, the review
 * panel, and the day's script (households in visiting order, what happens at each door and what
 * the bank should end up with). Paths in the script are relative to [dir].
 */
class SampleVillage(
    val dir: File,
    val seed: Long,
    val town: String,
    val villages: List<String>,
    val households: List<ScriptHousehold>,
    val panel: List<PanelMember>,
) {
    val roster: File get() = File(dir, "roster.csv")

    fun file(path: String): File = File(dir, path)

    /** The same village with only the first [count] doors of the script visited (a shorter day; the roster stays whole). */
    fun firstDoors(count: Int): SampleVillage = SampleVillage(dir, seed, town, villages, households.take(count), panel)

    companion object {
        fun read(dir: File): SampleVillage {
            val script = parse(File(dir, "script.json")).jsonObject
            val panel = parse(File(dir, "panel.json")).jsonArray.map { m ->
                PanelMember(m.string("member"), panelRole(m.string("role")))
            }
            return SampleVillage(
                dir = dir,
                seed = script.getValue("seed").jsonPrimitive.longOrNull ?: 0,
                town = script.string("town"),
                villages = script.getValue("villages").jsonArray.map { it.jsonPrimitive.content },
                households = script.getValue("households").jsonArray.map { household(it.jsonObject) },
                panel = panel,
            )
        }

        private fun parse(file: File): JsonElement {
            check(file.isFile) { "the sample village has no ${file.name} in ${file.parentFile}" }
            return Json.parseToJsonElement(file.readText(Charsets.UTF_8))
        }

        private fun household(h: JsonObject): ScriptHousehold {
            val expect = h.getValue("expect").jsonObject
            return ScriptHousehold(
                id = h.string("household"),
                village = h.string("village"),
                group = h.string("group"),
                door = Door.valueOf(h.string("door").uppercase()),
                scorecard = h.string("scorecard"),
                factsByScorecard = h["facts"]?.jsonObject?.mapValues { it.value.jsonObject }.orEmpty(),
                photos = h.list("photos").map { p ->
                    ScriptPhoto(PhotoKind.valueOf(p.string("kind").uppercase()), p.string("file"), p.optionalString("keep_reason"))
                },
                consents = h.list("consents").map { c ->
                    ScriptConsent(ConsentKind.valueOf(c.string("kind").uppercase()), c.string("signer"), c.string("signature"))
                },
                ratings = h.list("ratings").map { r ->
                    ScriptRating(
                        member = r.string("member"),
                        role = panelRole(r.string("role")),
                        business = r.jsonObject["business"]?.jsonPrimitive?.intOrNull,
                        incomeYuan = r.jsonObject["income_yuan"]?.jsonPrimitive?.longOrNull,
                        integrity = r.jsonObject["integrity"]?.jsonPrimitive?.intOrNull,
                        limitYuan = r.jsonObject["limit_yuan"]?.jsonPrimitive?.longOrNull,
                    )
                },
                gapReason = h.optionalString("gap_reason"),
                gapLimit = GapLimit.valueOf(h.string("gap_limit").uppercase()),
                expect = Expectation(
                    outcome = Outcome.valueOf(expect.string("outcome").uppercase()),
                    reasonContains = expect.optionalString("reason_contains"),
                    photoFlags = expect["photo_flags"]?.jsonObject?.mapValues { (_, flags) ->
                        flags.jsonArray.map { PhotoFlag.valueOf(it.jsonPrimitive.content.uppercase()) }
                    }.orEmpty(),
                ),
            )
        }

        private fun panelRole(name: String): PanelRole = PanelRole.valueOf(name.uppercase())

        private fun JsonElement.string(key: String): String =
            jsonObject[key]?.jsonPrimitive?.contentOrNull ?: error("the sample's script has no \"$key\" in an entry")

        private fun JsonElement.optionalString(key: String): String? =
            jsonObject[key]?.takeUnless { it is JsonNull }?.jsonPrimitive?.contentOrNull

        private fun JsonObject.list(key: String): List<JsonElement> = (this[key] as? JsonArray).orEmpty()
    }
}

enum class Door { VISIT, NOT_HOME, DECLINED }

/** Which limit the grid manager settles on where the panel's and the model's are far apart. */
enum class GapLimit {
    PANEL, MODEL, LOWER;

    fun amount(modelYuan: Long, panelYuan: Long): Long = when (this) {
        PANEL -> panelYuan
        MODEL -> modelYuan
        LOWER -> minOf(modelYuan, panelYuan)
    }
}

/** What the bank's platform should hold for a household after the day. */
enum class Outcome { ACCEPTED, RETURNED, NOT_SENT }

/** One household of the script, in visiting order. Holds no resident's name or ID number. */
data class ScriptHousehold(
    val id: String,
    val village: String,
    val group: String,
    val door: Door,
    /** "luquan" or "jinxiang": the scorecard its facts are entered on. */
    val scorecard: String,
    /** The core's Facts JSON per scorecard. */
    val factsByScorecard: Map<String, JsonObject>,
    val photos: List<ScriptPhoto>,
    val consents: List<ScriptConsent>,
    val ratings: List<ScriptRating>,
    /** The grid manager's written reason, used where the core finds the panel's and the model's limits far apart. */
    val gapReason: String?,
    /** The amount [gapReason] settles on. */
    val gapLimit: GapLimit,
    val expect: Expectation,
) {
    val facts: JsonObject get() = factsByScorecard[scorecard] ?: error("the sample gives $id no $scorecard facts")
}

data class ScriptPhoto(val kind: PhotoKind, val file: String, val keepReason: String?)

/** A consent signed by [signer] with the sample's [signature] image. */
data class ScriptConsent(val kind: ConsentKind, val signer: String, val signature: String)

data class ScriptRating(
    val member: String,
    val role: PanelRole,
    val business: Int?,
    val incomeYuan: Long?,
    val integrity: Int?,
    val limitYuan: Long?,
)

data class Expectation(
    val outcome: Outcome,
    val reasonContains: String?,
    /** Sample photo file → the flags the bank should see on it; photos not named have none. */
    val photoFlags: Map<String, List<PhotoFlag>>,
)

data class PanelMember(val name: String, val role: PanelRole)
