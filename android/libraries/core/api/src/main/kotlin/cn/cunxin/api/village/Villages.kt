package cn.cunxin.api.village

/** The village as the branch manager reads it, straight from the store. */
interface Villages {
    /** The villages in the store. */
    suspend fun list(): List<String>

    /** The roll-up of one village, scored with the scorecard in use (credit households, 授信面, grades, proposed total). */
    suspend fun rollUp(village: String): VillageRollUp

    /** The public-notice list (公示) of the village's credit households, masked. */
    suspend fun publicNotice(village: String): PublicNotice
}

data class VillageRollUp(
    val village: String,
    val households: Int,
    /** Households with facts the scorecard could score. */
    val evaluated: Int,
    val eligible: Int,
    val creditHouseholds: Int,
    /** Credit households / households, per mille. */
    val creditSharePermille: Long,
    /** Households per grade, e.g. AAA → 12. */
    val grades: Map<String, Int>,
    val proposedTotalYuan: Long,
    /** 授信面: credit households / eligible, per mille (target 800); null with no eligible household. */
    val coveragePermille: Long?,
    val coverageTargetMet: Boolean,
    /** Seed 001's credit village test (credit households ≥ 70 %). */
    val creditVillage: Verdict,
    /** Seed 002's test, which also needs the bank's loan figures: UNKNOWN on the device. */
    val creditVillageSeed002: Verdict,
    /**
     * The circuit breaker (熔断) on the village's NPL share. It needs the bank's NPL figure, which
     * is not on the device, so the device's roll-up says UNKNOWN (a Boolean could only lie here).
     */
    val lending: Lending,
    /** Each group's progress, in the roster's group order. */
    val byGroup: List<GroupRollUp>,
)

data class GroupRollUp(val group: String, val households: Int, val evaluated: Int, val creditHouseholds: Int)

enum class Verdict { PASS, FAIL, UNKNOWN }

enum class Lending { OPEN, SUSPENDED, UNKNOWN }

data class PublicNotice(
    val village: String,
    val scorecard: String,
    val scorecardVersion: String,
    val lines: List<NoticeLine>,
)

data class NoticeLine(val group: String, val nameMasked: String, val idMasked: String, val grade: String?, val limitYuan: Long)
