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
        get() = rollUp?.byGroup.orEmpty().sortedWith(compareBy<GroupRollUp, Int?>(nullsLast()) { groupNumber(it.group) }.thenBy { it.group })

    val noVillages: Boolean get() = !loading && failure == null && villages.isEmpty()

    internal companion object {
        private const val DIGITS = "一二三四五六七八九"

        /** 3组 → 3, 十二组 → 12, 二十组 → 20; null for a group not named by number. */
        fun groupNumber(group: String): Int? {
            group.takeWhile(Char::isDigit).takeIf { it.isNotEmpty() }?.let { return it.toIntOrNull() }
            val cn = group.takeWhile { it in DIGITS || it == '十' }.ifEmpty { return null }
            val ten = cn.indexOf('十')
            if (ten < 0) return cn.fold(0) { n, c -> n * 10 + DIGITS.indexOf(c) + 1 }
            val tens = if (ten == 0) 1 else DIGITS.indexOf(cn[ten - 1]) + 1
            val ones = cn.getOrNull(ten + 1)?.let { DIGITS.indexOf(it) + 1 } ?: 0
            return tens * 10 + ones
        }

        /** A grade of one repeated letter ranks by letter, then longer first (AAA before AA); others after. */
        private fun gradeRank(grade: String): Int =
            if (grade.isNotEmpty() && grade.all { it == grade[0] && it in 'A'..'Z' }) (grade[0] - 'A') * 10 + (9 - grade.length.coerceAtMost(9)) else 1_000
    }
}

sealed interface DashboardEvent {
    data class VillageChosen(val village: String) : DashboardEvent

    data object Refresh : DashboardEvent
}
