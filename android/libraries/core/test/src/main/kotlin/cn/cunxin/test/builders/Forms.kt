package cn.cunxin.test.builders

import cn.cunxin.api.scoring.FactField
import cn.cunxin.api.scoring.FactForm
import cn.cunxin.api.scoring.FactOption
import cn.cunxin.api.scoring.FactType
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.api.scoring.Label

private val BASIC = Label("基本条件", "Basic conditions")
private val FAMILY = Label("家庭情况", "Family")
private val MONEY = Label("收入与资产", "Income and assets")
private val CREDIT = Label("信用与其他", "Credit and other")

private fun options(vararg pairs: Pair<String, String>, en: List<String>) =
    pairs.mapIndexed { i, (code, zh) -> FactOption(code, Label(zh, en[i])) }

fun aFactField(
    id: String = "applicant_age",
    zh: String = "申请人年龄",
    en: String = "Applicant's age",
    type: FactType = FactType.INTEGER,
    unit: Label? = null,
    options: List<FactOption> = emptyList(),
    required: Boolean = true,
    min: Double? = null,
    max: Double? = null,
    default: FactValue? = null,
    section: Label? = null,
) = FactField(id, Label(zh, en), type, unit, options, required, min, max, default, section)

/** The Luquan scorecard's facts (shared/spec/scorecards.md) in sections, as the core's form declares them. */
fun aLuquanForm(): FactForm = FactForm(
    "luquan", "1", Label("鹿泉百分制评分卡", "Luquan 100-point scorecard"),
    listOf(
        aFactField("applicant_age", "申请人年龄", "Applicant's age", unit = Label("岁", "years"), min = 18.0, max = 60.0, section = BASIC),
        aFactField("full_capacity", "具有完全民事行为能力", "Has full legal capacity", FactType.BOOLEAN, section = BASIC),
        aFactField("legal_income", "有合法稳定收入", "Has a legal, steady income", FactType.BOOLEAN, section = BASIC),
        aFactField("bad_loan_or_dispute", "有不良贷款或经济纠纷", "Has bad loans or money disputes", FactType.BOOLEAN, section = BASIC),
        aFactField(
            "education", "文化程度", "Education", FactType.OPTION, section = FAMILY,
            options = options("college" to "大专及以上", "high_school" to "高中", "middle_school" to "初中", "primary_or_less" to "小学及以下", en = listOf("College", "High school", "Middle school", "Primary or less")),
        ),
        aFactField(
            "marital_status", "婚姻状况", "Marital status", FactType.OPTION, section = FAMILY,
            options = options("married" to "已婚", "single" to "未婚", "divorced" to "离异", "widowed" to "丧偶", en = listOf("Married", "Single", "Divorced", "Widowed")),
        ),
        aFactField("health", "健康状况", "Health", FactType.OPTION, section = FAMILY, options = options("good" to "良好", "fair" to "一般", "poor" to "较差", en = listOf("Good", "Fair", "Poor"))),
        aFactField(
            "occupation", "职业", "Occupation", FactType.OPTION, section = FAMILY,
            options = options("salaried" to "工薪", "business" to "经商", "farming" to "务农", "migrant_work" to "外出务工", "none" to "无", en = listOf("Salaried", "Business", "Farming", "Migrant work", "None")),
        ),
        aFactField("household_size", "家庭人口", "Household size", unit = Label("人", "people"), min = 1.0, max = 30.0, section = FAMILY),
        aFactField("household_net_income_yuan", "家庭年纯收入", "Household yearly net income", FactType.NUMBER, Label("元", "yuan"), min = 0.0, section = MONEY),
        aFactField("total_assets_yuan", "家庭总资产", "Total assets", FactType.NUMBER, Label("元", "yuan"), min = 0.0, section = MONEY),
        aFactField("total_liabilities_yuan", "家庭总负债", "Total liabilities", FactType.NUMBER, Label("元", "yuan"), min = 0.0, section = MONEY),
        aFactField(
            "credit_history", "信用记录", "Credit history", FactType.OPTION, section = CREDIT,
            options = options("clean_loans" to "有贷款无逾期", "no_loans" to "无贷款", "overdue" to "有逾期", en = listOf("Loans, never overdue", "No loans", "Has been overdue")),
        ),
        aFactField("in_credit_village", "所在村为信用村", "Lives in a credit village", FactType.BOOLEAN, section = CREDIT),
        aFactField("insured", "参加保险", "Is insured", FactType.BOOLEAN, required = false, default = FactValue.Bool(false), section = CREDIT),
        aFactField("entrepreneur", "自主创业", "Runs own business", FactType.BOOLEAN, required = false, default = FactValue.Bool(false), section = CREDIT),
        aFactField(
            "committee_evaluation", "村委评价", "Village committee's view", FactType.OPTION, section = CREDIT,
            options = options("good" to "好", "fairly_good" to "较好", "average" to "一般", "poor" to "差", en = listOf("Good", "Fairly good", "Average", "Poor")),
        ),
        aFactField("negative_records", "不良记录", "Negative records", unit = Label("条", "records"), required = false, min = 0.0, max = 10.0, default = FactValue.Integer(0), section = CREDIT),
    ),
)
