package cn.cunxin.test.fakes

/** 王长明 → 王*明, 单乐 → 单*: the core's mask for names on screens not meant for the resident. */
fun maskName(name: String): String = when {
    name.length <= 1 -> name
    name.length == 2 -> "${name[0]}*"
    else -> "${name.first()}${"*".repeat(name.length - 2)}${name.last()}"
}

/** 410303199003071238 → 410303********1238. */
fun maskId(id: String): String = if (id.length == 18) id.take(6) + "*".repeat(8) + id.takeLast(4) else "*".repeat(id.length)
