package cn.cunxin.designsystem

/**
 * The label table the core, the CLI and the village report use (`core/src/model/labels.tsv`,
 * packaged with this module): the words for states and kinds, so the app and the printouts
 * say the same thing.
 */
internal object Labels {
    private val table: Map<String, Pair<String, String>> by lazy {
        val text = Labels::class.java.getResourceAsStream("labels.tsv")
            ?.use { it.readBytes().decodeToString() }
            ?: error("labels.tsv is missing from the design system's resources")
        text.lineSequence()
            .filter { it.isNotBlank() && !it.startsWith("#") }
            .map { it.split('\t') }
            .filter { it.size == 3 }
            .associate { (key, zh, en) -> key to (zh to en) }
    }

    /** The label of [code] in [group], or null when the table lacks it. */
    fun of(group: String, code: String): Pair<String, String>? = table["$group.$code"]

    /** An enum constant's code, as the core's JSON writes it: NOT_HOME → not_home. */
    fun code(value: Enum<*>): String = value.name.lowercase()
}
