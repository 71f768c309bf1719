package cn.cunxin.features.village

import cn.cunxin.api.village.PublicNotice

/**
 * Groups (村民小组) in their numbers' order: 2组 before 10组, 二组 before 十组. The store sorts
 * them as text, which puts 10组 before 2组; names without a number come last, as text.
 */
internal object GroupOrder : Comparator<String> {
    private const val DIGITS = "一二三四五六七八九"

    override fun compare(a: String, b: String): Int =
        compareValuesBy(a, b, { groupNumber(it) ?: Int.MAX_VALUE }, { it })

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
}

/** The notice as it is posted: by group in [GroupOrder], the core's order kept within a group. */
internal fun PublicNotice.inGroupOrder(): PublicNotice = copy(lines = lines.sortedWith(compareBy(GroupOrder) { it.group }))
