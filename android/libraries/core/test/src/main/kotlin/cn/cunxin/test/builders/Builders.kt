package cn.cunxin.test.builders

import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.consents.ConsentText
import cn.cunxin.api.households.DepartmentRecords
import cn.cunxin.api.households.FieldCheck
import cn.cunxin.api.households.HistoryEntry
import cn.cunxin.api.households.HouseholdDetail
import cn.cunxin.api.households.HouseholdLine
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.MemberDetail
import cn.cunxin.api.households.RosterField
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.households.SideState
import cn.cunxin.api.intake.RosterProblem
import cn.cunxin.api.intake.RosterReport
import cn.cunxin.api.photos.PhotoFlag
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.photos.PhotoRequest
import cn.cunxin.api.photos.PhotoSummary
import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.scoring.FormProgress
import cn.cunxin.api.scoring.ItemPoints
import cn.cunxin.api.scoring.Label
import cn.cunxin.test.fakes.FakeWorld
import cn.cunxin.test.fakes.maskId
import cn.cunxin.test.fakes.maskName

fun aHouseholdLine(
    id: String = "H001",
    town: String = "城关镇",
    village: String = "王庄村",
    group: String = "一组",
    state: HouseholdState = HouseholdState.IMPORTED,
    headNameMasked: String = "王*明",
    headIdMasked: String = "410303********1238",
    members: Int = 3,
    photos: Int = 0,
    revisitAt: String? = null,
    revisitDue: Boolean = false,
) = HouseholdLine(id, town, village, group, state, headNameMasked, headIdMasked, members, photos, revisitAt, revisitDue)

/** A household as the fake store holds it: the head 王长明 and, by default, a spouse and a child. */
fun aHousehold(
    id: String = "H001",
    village: String = "王庄村",
    group: String = "一组",
    members: List<Triple<String, String, String>> = listOf(
        Triple("王长明", "410303197003071239", "户主"),
        Triple("李秀英", "410303197205121222", "配偶"),
        Triple("王建国", "410303201509301213", "子"),
    ),
    state: HouseholdState = HouseholdState.IMPORTED,
): FakeWorld.Household = FakeWorld.Household(
    id, "城关镇", village, group, "${village}${id.filter(Char::isDigit).trimStart('0')}号",
    members.mapIndexed { i, (name, number, relation) -> FakeWorld.Member.of(i, name, number, relation, if (i == 0) "13812345678" else "") }.toMutableList(),
    state,
)

private const val SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
private const val GIVEN = "长建国秀英志强丽华明红梅军伟芳敏静磊洋勇艳杰涛"
private val STATES = listOf(
    HouseholdState.IMPORTED, HouseholdState.IMPORTED, HouseholdState.IMPORTED, HouseholdState.IN_PROGRESS,
    HouseholdState.NOT_HOME, HouseholdState.FINALIZED, HouseholdState.SEALED, HouseholdState.UPLOADED,
)

/** [count] households over three villages and six groups, as a big roster loads; the same every run. */
fun manyHouseholds(count: Int, villages: List<String> = listOf("王庄村", "李家寨", "河西社区")): List<FakeWorld.Household> = (1..count).map { n ->
    val name = "${SURNAMES[n % SURNAMES.length]}${GIVEN[(n / 7) % GIVEN.length]}${GIVEN[(n / 3) % GIVEN.length]}"
    val id = validId("4103031980%02d%02d".format(1 + n % 12, 1 + n % 28) + "%03d".format(n % 1000))
    aHousehold(
        id = "H%05d".format(n),
        village = villages[n % villages.size],
        group = "${"一二三四五六"[(n / villages.size) % 6]}组",
        members = listOf(Triple(name, id, "户主")),
        state = STATES[n % STATES.size],
    )
}

/** Appends the GB 11643 check character to 17 digits. */
fun validId(first17: String): String {
    val weights = intArrayOf(7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    val sum = first17.indices.sumOf { (first17[it] - '0') * weights[it] }
    return first17 + "10X98765432"[sum % 11]
}

fun manyHouseholdLines(count: Int): List<HouseholdLine> = manyHouseholds(count).map { it.line() }

fun aRosterField(name: RosterFieldName, value: String?, check: FieldCheck = FieldCheck.UNCHECKED, original: String? = null, reason: String? = null) =
    RosterField(name, value, check, original, reason)

fun aMemberDetail(
    index: Int = 0,
    name: String = "王长明",
    id: String = "410303197003071239",
    relation: String = "户主",
    check: FieldCheck = FieldCheck.UNCHECKED,
    departmentRecords: DepartmentRecords? = null,
    removed: Boolean = false,
) = MemberDetail(
    index, relation == "户主", maskName(name), maskId(id),
    listOf(
        aRosterField(RosterFieldName.NAME, name, check),
        aRosterField(RosterFieldName.ID_NUMBER, id, check),
        aRosterField(RosterFieldName.SEX, if ((id[16] - '0') % 2 == 1) "男" else "女", check),
        aRosterField(RosterFieldName.BIRTH_DATE, "${id.substring(6, 10)}-${id.substring(10, 12)}-${id.substring(12, 14)}", check),
        aRosterField(RosterFieldName.RELATION, relation, check),
        aRosterField(RosterFieldName.PHONE, if (index == 0) "13812345678" else null, check),
    ),
    departmentRecords, removed,
)

fun aDepartmentRecords(povertyRegistry: Boolean = true, privateCar: Boolean = true) =
    DepartmentRecords(false, false, povertyRegistry, false, privateCar, false, false)

fun aHouseholdDetail(
    line: HouseholdLine = aHouseholdLine(),
    members: List<MemberDetail> = listOf(aMemberDetail(), aMemberDetail(1, "李秀英", "410303197205121222", "配偶"), aMemberDetail(2, "王建国", "410303201509301213", "子")),
    sideState: SideState = SideState.None,
    history: List<HistoryEntry> = listOf(HistoryEntry("2026-11-20T09:12:00", null, "import_roster", "导入花名册")),
) = HouseholdDetail(line, "王庄村1号", "3亩", members, sideState, null, history)

fun aRosterProblem(
    row: Int = 7,
    column: String? = "身份证",
    code: String = "id_scientific",
    message: String = "身份证号被Excel改成了科学计数法，请把该列设为文本 / the ID was turned into a number by Excel: format the column as text",
    isError: Boolean = true,
) = RosterProblem(row, column, code, message, isError)

fun aRosterReport(rows: Int = 120, households: Int = 38, members: Int = 118, problems: List<RosterProblem> = listOf(aRosterProblem())) =
    RosterReport(rows, households, members, problems)

fun anItemPoints(item: String = "income", zh: String = "收入情况", en: String = "Income", points: Double = 20.0, maxPoints: Double = 30.0) =
    ItemPoints(item, Label(zh, en), points, maxPoints)

fun anEstimate(
    eligible: Boolean = true,
    vetoed: Boolean = false,
    points: Double = 82.5,
    grade: String? = "AA",
    limitYuan: Long = 50_000,
    ratePercent: Double? = 5.5,
    reasons: List<String> = listOf("信用记录良好，没有逾期", "家庭收入稳定"),
    contributions: List<ItemPoints> = listOf(
        anItemPoints("family", "家庭情况", "Family", 8.5, 10.0),
        anItemPoints("income", "收入情况", "Income", 25.0, 30.0),
        anItemPoints("assets", "资产负债", "Assets and debts", 26.0, 30.0),
        anItemPoints("credit", "信用记录", "Credit history", 10.0, 10.0),
    ),
    improvements: List<ItemPoints> = listOf(
        anItemPoints("insured", "参加保险", "Take out insurance", 0.0, 5.0),
        anItemPoints("income", "家庭人均收入达到3万元", "Per-person income of 30,000 yuan", 25.0, 30.0),
    ),
) = Estimate("luquan", "1", eligible, vetoed, points, grade, grade != null, limitYuan, null, ratePercent, reasons, contributions, improvements, emptyList(), emptyList())

fun aFormProgress(
    missingFacts: List<String> = listOf("total_assets_yuan", "credit_history"),
    invalidFacts: List<String> = emptyList(),
    pointsSoFar: Double = 45.0,
    pointsPossible: Double = 100.0,
) = FormProgress(missingFacts, invalidFacts, emptyList(), false, pointsSoFar, pointsPossible, missingFacts.isEmpty() && invalidFacts.isEmpty())

fun aPhotoSummary(id: String = "P1", kind: PhotoKind = PhotoKind.HOUSE, member: Int? = null, flags: List<PhotoFlag> = emptyList(), overrideReason: String? = null) =
    PhotoSummary(id, kind, member, 1600, 1200, "2026-11-22T10:00:00+08:00", "网格员王五", flags, overrideReason)

fun aPhotoRequest(kind: PhotoKind = PhotoKind.HOUSE, member: Int? = null, deleteCameraFile: Boolean = false) =
    PhotoRequest(kind, "网格员王五", "2026-11-22T10:00:00+08:00", null, null, member, deleteCameraFile)

fun aConsentText(kind: ConsentKind, version: String = "2026.1") = when (kind) {
    ConsentKind.PERSONAL_INFO -> ConsentText(
        kind, version, "ab".repeat(32),
        "个人信息授权书\n\n本人同意本行为办理整村授信业务，收集、使用本人及家庭成员的个人信息，包括敏感个人信息（身份证号码、人脸照片）。" +
            "信息仅用于授信工作，加密保存，不向无关方提供。本人可以查询、更正，也可以撤回授权；撤回不影响撤回前的处理。",
        "Personal-information consent\n\nI agree that the bank collects and uses the personal information of me and my household, " +
            "including sensitive information (ID numbers, face photos), for whole-village credit granting only. It is stored encrypted and " +
            "not given to anyone else. I may see and correct it, and withdraw this consent; withdrawing does not undo earlier use.",
    )
    ConsentKind.CREDIT_INQUIRY -> ConsentText(
        kind, version, "cd".repeat(32),
        "征信查询授权书\n\n本人授权本行在办理授信业务时，向中国人民银行征信中心查询本人的信用报告。授权有效期至授信结束。",
        "Credit-inquiry authorization\n\nI authorize the bank to obtain my credit report from the People's Bank of China credit " +
            "reference centre while my credit is being granted. This authorization ends when the credit decision is made.",
    )
}

/** A roster CSV (UTF-8, the standard headers): one line per person as (household, ID, name, relation). */
fun aRosterCsv(vararg people: List<String>): String = buildString {
    appendLine("乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息")
    people.forEach { (household, id, name, relation) ->
        appendLine("城关镇,王庄村,一组,$id,$name,,$household,王庄村1号,13812345678,,$relation,汉,,")
    }
}
