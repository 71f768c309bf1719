package cn.cunxin.features.village

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.village.GroupRollUp
import cn.cunxin.api.village.VillageRollUp

data class DashboardState(
    val loading: Boolean = true,
    val villages: List<String> = emptyList(),
    val village: String? = null,
    val rollUp: VillageRollUp? = null,
    val failure: CunxinFailure? = null,
) {
    /** The grades best first, as a branch manager reads them: AAA, AA, A, then the scorecard's other names. */
    val gradeBars: List<Pair<String, Int>>
        get() = rollUp?.grades.orEmpty().toList().sortedWith(compareBy({ gradeRank(it.first) }, { it.first }))

    /** The groups in their numbers' order (2组 before 10组, 二组 before 十组); the store sorts them as text. */
    val groups: List<GroupRollUp>
        get() = rollUp?.byGroup.orEmpty().sortedWith(compareBy(GroupOrder) { it.group })

    val noVillages: Boolean get() = !loading && failure == null && villages.isEmpty()

    private companion object {
        /** A grade of one repeated letter ranks by letter, then longer first (AAA before AA); others after. */
        fun gradeRank(grade: String): Int =
            if (grade.isNotEmpty() && grade.all { it == grade[0] && it in 'A'..'Z' }) (grade[0] - 'A') * 10 + (9 - grade.length.coerceAtMost(9)) else 1_000
    }
}

sealed interface DashboardEvent {
    data class VillageChosen(val village: String) : DashboardEvent

    data object Refresh : DashboardEvent
}
