package cn.cunxin.features.village

import cn.cunxin.api.settings.NoticeContact
import cn.cunxin.api.village.PublicNotice
import cn.cunxin.designsystem.Strings

/**
 * The printable notice as one self-contained HTML file (UTF-8, no scripts, no links), in
 * Chinese because it is posted in the village. It shows only what the core gives masked.
 */
object NoticePage {
    private val s = Strings.ZH

    fun fileName(village: String, period: NoticePeriod): String =
        s.noticeFileName(village.replace(Regex("""[\\/:*?"<>|]"""), "_"), period.start)

    fun html(notice: PublicNotice, period: NoticePeriod, contact: NoticeContact): String = buildString {
        appendLine("<!DOCTYPE html>")
        appendLine("<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
        appendLine("<title>${e(s.pageTitle(notice.village))}</title>")
        appendLine("<style>$CSS</style></head><body>")
        appendLine("<h1>${e(s.pageTitle(notice.village))}</h1>")
        appendLine("<p>${e(s.pageIntro(notice.lines.size))}</p>")
        appendLine("<p class=\"period\">${e(s.labelled(s.noticePeriodTitle, s.periodLine(period.start, period.end, period.days)))}</p>")
        appendLine("<table><thead><tr>")
        listOf(s.columnIndex, s.columnGroup, s.columnHead, s.columnId, s.columnGrade, s.columnLimit).forEach { append("<th>${e(it)}</th>") }
        appendLine("</tr></thead><tbody>")
        notice.lines.forEachIndexed { i, line ->
            val cells = listOf("${i + 1}", line.group, line.nameMasked, line.idMasked, line.grade?.let(s::gradeName) ?: "—", "%,d".format(line.limitYuan))
            appendLine("<tr>" + cells.joinToString("") { "<td>${e(it)}</td>" } + "</tr>")
        }
        appendLine("</tbody></table>")
        appendLine("<p class=\"objections\">${e(s.pageObjections(contact.branch, contact.telephone))}</p>")
        appendLine("<p class=\"small\">${e(s.maskedNote)} ${e(s.scorecardLine(notice.scorecard, notice.scorecardVersion))}</p>")
        appendLine("<p class=\"sign\">${e(contact.branch)}<br>${e(s.fmtDate(period.start))}</p>")
        appendLine("</body></html>")
    }

    /** Text into HTML: the page shows what was typed, never runs it. */
    private fun e(text: String): String =
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("\n", "<br>")

    /** A4, black on white, the table's head repeated on every page, no row split across pages. */
    private const val CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif; color: #000; background: #fff; font-size: 12pt; line-height: 1.6; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 12pt; }
p.period, p.objections { font-weight: bold; }
table { width: 100%; border-collapse: collapse; margin: 8pt 0; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 1px solid #000; padding: 3pt 6pt; text-align: center; }
td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
p.small { font-size: 10pt; }
p.sign { text-align: right; margin-top: 24pt; }
"""
}
