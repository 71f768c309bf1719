package cn.cunxin.api.village

/** The village as the branch manager reads it, straight from the store. */
interface Villages {
    /** The villages in the store. */
    suspend fun list(): List<String>

    /** The roll-up of one village (credit households, 授信面, 用信面, proposed total, credit-village status). */
    suspend fun rollUp(village: String): VillageRollUp

    /** The public-notice list (公示) of the village's credit households, masked. */
    suspend fun publicNotice(village: String): PublicNotice
}

data class VillageRollUp(
    val village: String,
    val households: Int,
    val assessed: Int,
    val creditHouseholds: Int,
    /** 授信面: credit households / households, per mille; target 800. */
    val coveragePermille: Int,
    /** 用信面 where loan figures are known, per mille; target 300. */
    val usagePermille: Int?,
    val proposedTotalYuan: Long,
    /** Households per grade, e.g. AAA → 12. */
    val grades: Map<String, Int>,
    val byGroup: List<GroupRollUp>,
    val creditVillage: Boolean,
    /** Why the village is or is not a credit village, in plain words (zh-CN). */
    val creditVillageReasons: List<String>,
    /** The circuit breaker (熔断) where loan figures are known: true when tripped. */
    val circuitBreaker: Boolean?,
)

data class GroupRollUp(val group: String, val households: Int, val assessed: Int, val creditHouseholds: Int)

data class PublicNotice(
    val village: String,
    /** ISO dates; the period is at least 7 days. */
    val from: String,
    val until: String,
    /** Where objections go (the branch and its telephone). */
    val objectionsTo: String,
    val lines: List<NoticeLine>,
)

data class NoticeLine(val nameMasked: String, val idMasked: String, val group: String, val grade: String?, val limitYuan: Long)
