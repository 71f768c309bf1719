package cn.cunxin.test.builders

import cn.cunxin.api.intake.PersonHit
import cn.cunxin.api.intake.RosterProblem
import cn.cunxin.api.intake.RosterReport
import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.scoring.FactField
import cn.cunxin.api.scoring.FormProgress
import cn.cunxin.api.scoring.ItemPoints
import cn.cunxin.api.store.Consent
import cn.cunxin.api.store.ConsentKind
import cn.cunxin.api.store.HouseholdLine
import cn.cunxin.api.store.PhotoKind
import cn.cunxin.api.store.PhotoRequest
import cn.cunxin.api.store.RosterImport

fun aHouseholdLine(
    id: String = "H001",
    village: String = "王庄村",
    group: String = "一组",
    state: String = "imported",
    headNameMasked: String = "王*明",
    headIdMasked: String = "410303********1238",
    members: Int = 3,
    photos: Int = 0,
) = HouseholdLine(id, village, group, state, headNameMasked, headIdMasked, members, photos)

private val SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
private val GIVEN = "长建国秀英志强丽华明红梅军伟芳敏静磊洋勇艳杰涛"
private val STATES = listOf("imported", "imported", "imported", "in_progress", "not_home", "finalized", "sealed", "uploaded")

/** [count] households over a few villages and groups, as a big village roster loads; stable for a seed. */
fun manyHouseholdLines(count: Int, villages: List<String> = listOf("王庄村", "李家寨", "河西社区")): List<HouseholdLine> =
    (1..count).map { n ->
        val surname = SURNAMES[n % SURNAMES.length]
        val given = GIVEN[(n / SURNAMES.length) % GIVEN.length]
        aHouseholdLine(
            id = "H%05d".format(n),
            village = villages[n % villages.size],
            group = "${"一二三四五六"[(n / villages.size) % 6]}组",
            state = STATES[n % STATES.size],
            headNameMasked = "$surname*$given",
            headIdMasked = "410303********%04d".format(n % 10_000),
            members = 1 + n % 6,
            photos = if (STATES[n % STATES.size] == "imported") 0 else 4,
        )
    }

fun aRosterProblem(
    row: Int = 7,
    column: String? = "身份证",
    code: String = "id_scientific",
    message: String = "身份证号被Excel改成了科学计数法，请在表中改成文本 / the ID was turned into a number by Excel: format the column as text",
    isError: Boolean = true,
) = RosterProblem(row, column, code, message, isError)

fun aRosterReport(rows: Int = 120, households: Int = 38, members: Int = 118, problems: List<RosterProblem> = listOf(aRosterProblem())) =
    RosterReport(rows, households, members, problems)

fun aRosterImport(inserted: Int = 38, updated: Int = 0, unchanged: Int = 0, keptVisited: Int = 0, errorRows: Int = 2) =
    RosterImport(inserted, updated, unchanged, keptVisited, errorRows)

fun aPersonHit(household: String = "H001", name: String = "王*明", idMasked: String = "410303********1238", matchedBy: String = "initials") =
    PersonHit(household, name, idMasked, matchedBy)

fun aFactField(
    id: String = "applicant_age",
    labelZh: String = "申请人年龄",
    labelEn: String = "Applicant's age",
    type: String = "number",
    options: List<Pair<String, String>> = emptyList(),
    required: Boolean = true,
    min: Double? = null,
    max: Double? = null,
    defaultJson: String? = null,
) = FactField(id, labelZh, labelEn, type, options, required, min, max, defaultJson)

/** The Luquan scorecard's facts (scorecards.md), as the core's form lists them. */
fun aLuquanForm(): List<FactField> = listOf(
    aFactField("applicant_age", "申请人年龄", "Applicant's age", min = 18.0, max = 60.0),
    aFactField("full_capacity", "具有完全民事行为能力", "Has full legal capacity", "boolean"),
    aFactField("legal_income", "有合法稳定收入", "Has a legal, steady income", "boolean"),
    aFactField("bad_loan_or_dispute", "有不良贷款或经济纠纷", "Has bad loans or money disputes", "boolean"),
    aFactField("education", "文化程度", "Education", "select", listOf("college" to "大专及以上", "high_school" to "高中", "middle_school" to "初中", "primary_or_less" to "小学及以下")),
    aFactField("marital_status", "婚姻状况", "Marital status", "select", listOf("married" to "已婚", "single" to "未婚", "divorced" to "离异", "widowed" to "丧偶")),
    aFactField("health", "健康状况", "Health", "select", listOf("good" to "良好", "fair" to "一般", "poor" to "较差")),
    aFactField("occupation", "职业", "Occupation", "select", listOf("salaried" to "工薪", "business" to "经商", "farming" to "务农", "migrant_work" to "外出务工", "none" to "无")),
    aFactField("household_net_income_yuan", "家庭年纯收入（元）", "Household yearly net income (yuan)", min = 0.0),
    aFactField("household_size", "家庭人口", "Household size", "integer", min = 1.0, max = 30.0),
    aFactField("total_assets_yuan", "家庭总资产（元）", "Total assets (yuan)", min = 0.0),
    aFactField("total_liabilities_yuan", "家庭总负债（元）", "Total liabilities (yuan)", min = 0.0),
    aFactField("credit_history", "信用记录", "Credit history", "select", listOf("clean_loans" to "有贷款无逾期", "no_loans" to "无贷款", "overdue" to "有逾期")),
    aFactField("in_credit_village", "所在村为信用村", "Lives in a credit village", "boolean"),
    aFactField("insured", "参加保险", "Is insured", "boolean", required = false, defaultJson = "false"),
    aFactField("entrepreneur", "自主创业", "Runs own business", "boolean", required = false, defaultJson = "false"),
    aFactField("committee_evaluation", "村委评价", "Village committee's view", "select", listOf("good" to "好", "fairly_good" to "较好", "average" to "一般", "poor" to "差")),
    aFactField("negative_records", "不良记录（条）", "Negative records (count)", "integer", required = false, min = 0.0, max = 10.0, defaultJson = "0"),
)

fun anItemPoints(item: String = "income", label: String = "收入情况", labelEn: String = "Income", points: Double = 20.0, maxPoints: Double = 30.0) =
    ItemPoints(item, label, labelEn, points, maxPoints)

fun anEstimate(
    eligible: Boolean = true,
    vetoed: Boolean = false,
    points: Double = 82.5,
    grade: String? = "AA",
    limitYuan: Long = 50_000,
    ratePercent: Double? = 5.5,
    reasons: List<String> = listOf("信用记录良好 / clean credit history", "家庭收入稳定 / steady household income"),
    contributions: List<ItemPoints> = listOf(
        anItemPoints("family", "家庭情况", "Family", 8.5, 10.0),
        anItemPoints("income", "收入情况", "Income", 25.0, 30.0),
        anItemPoints("assets", "资产负债", "Assets and debts", 26.0, 30.0),
        anItemPoints("credit", "信用记录", "Credit history", 10.0, 10.0),
    ),
    improvements: List<ItemPoints> = listOf(
        anItemPoints("insured", "参加保险", "Take out insurance", 0.0, 5.0),
        anItemPoints("income", "收入情况", "Income", 25.0, 30.0),
    ),
    missingFacts: List<String> = emptyList(),
    invalidFacts: List<String> = emptyList(),
) = Estimate(eligible, vetoed, points, grade, grade != null, limitYuan, null, ratePercent, reasons, contributions, improvements, missingFacts, invalidFacts)

fun aFormProgress(
    missingFacts: List<String> = listOf("total_assets_yuan", "credit_history"),
    invalidFacts: List<String> = emptyList(),
    pointsSoFar: Double = 45.0,
    pointsPossible: Double = 100.0,
) = FormProgress(missingFacts, invalidFacts, emptyList(), false, pointsSoFar, pointsPossible, missingFacts.isEmpty() && invalidFacts.isEmpty())

fun aConsent(
    kind: ConsentKind = ConsentKind.PERSONAL_INFO,
    textVersion: String = "2026.1",
    textSha256: String = "cd".repeat(32),
    signer: String = "王长明",
    signedAt: String = "2026-11-22T10:05:00+08:00",
    place: String? = "王庄村",
    gridManager: String = "网格员王五",
) = Consent(kind, textVersion, textSha256, signer, signedAt, place, gridManager)

fun aPhotoRequest(kind: PhotoKind = PhotoKind.HOUSE, takenBy: String = "网格员王五", deleteCameraFile: Boolean = false) =
    PhotoRequest(kind, takenBy, "2026-11-22T10:00:00+08:00", null, null, deleteCameraFile)

/** A roster CSV (UTF-8, the standard headers) with one head per household; returns its text. */
fun aRosterCsv(vararg people: Triple<String, String, String>): String = buildString {
    appendLine("乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息")
    people.forEach { (household, id, name) -> appendLine("城关镇,王庄村,一组,$id,$name,,$household,王庄村1号,13812345678,男,户主,汉,1990-03,") }
}
