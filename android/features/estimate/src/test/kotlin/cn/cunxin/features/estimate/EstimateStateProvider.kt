package cn.cunxin.features.estimate

import cn.cunxin.test.builders.anEstimate

/** The estimate's states worth seeing. */
object EstimateStateProvider {
    val states: List<Pair<String, EstimateState>> = listOf(
        "typical" to EstimateState("H001", loading = false, estimate = anEstimate()),
        "not-eligible" to EstimateState(
            "H001", loading = false,
            estimate = anEstimate(eligible = false, grade = null, limitYuan = 0, ratePercent = null, reasons = listOf("申请人年龄超过60岁", "有不良贷款记录"), improvements = emptyList()),
        ),
        "leaving" to EstimateState("H001", loading = false, estimate = anEstimate(limitYuan = 35_000, grade = "A", ratePercent = 6.5), leaving = true, wrongPassphrase = true),
    )
}
