package cn.cunxin.features.village

import cn.cunxin.api.settings.NoticeContact
import cn.cunxin.features.village.VillageFixtures.scored
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.LocalDate

class NoticePageTest {
    /** Every household of the sample village scored as a credit household, so every head is on the page. */
    private val notice = VillageFixtures.sampleVillage().run {
        world.households.keys.forEach { scored(it) }
        runBlocking { villages.publicNotice("王庄村") }
    }
    private val page = NoticePage.html(notice, NoticePeriod(LocalDate.of(2026, 12, 3), 7), NoticeContact("城关支行", "0379-6321 0000"))

    @Test
    fun `no full name, ID number or telephone of any resident in the fixture appears on the page`() {
        val residents = VillageFixtures.residents()
        assertTrue(residents.size >= 16, "the fixture's residents are read: $residents")
        assertEquals(notice.lines.size, Regex("<tr><td>").findAll(page).count(), "every credit household has its row")
        assertTrue(notice.lines.size >= 8)
        val leaks = residents.flatMap { (name, id, phone) -> listOf(name, id, phone) }.filter { it.length >= 2 && page.contains(it) }
        assertEquals(emptyList<String>(), leaks)
        assertFalse(Regex("""\d{17}[\dX]""").containsMatchIn(page), "no 18-character ID number at all")
        // The page does show who is listed, masked: the surname and the given name's last character.
        assertTrue(page.contains("王*明") && page.contains("410303********1233"))
    }

    @Test
    fun `the page is UTF-8 Chinese for print, with the period, where objections go and the table head on every page`() {
        assertTrue(page.startsWith("<!DOCTYPE html>"))
        assertTrue(page.contains("<meta charset=\"utf-8\">") && page.contains("lang=\"zh-CN\""))
        assertTrue(page.contains("王庄村 授信户公示"))
        assertTrue(page.contains("公示期：2026年12月3日至2026年12月9日（7 天）"))
        assertTrue(page.contains("公示期内如有异议，请向城关支行反映，电话：0379-6321 0000。"))
        assertTrue(page.contains("@page") && page.contains("thead { display: table-header-group; }"))
        assertFalse(page.contains("<script"))
    }

    @Test
    fun `what the branch typed is shown as text, never as markup`() {
        val typed = NoticePage.html(notice, NoticePeriod(LocalDate.of(2026, 12, 3), 7), NoticeContact("<b>城关</b>支行", "0379-6321 0000"))
        assertTrue(typed.contains("&lt;b&gt;城关&lt;/b&gt;支行"))
        assertFalse(typed.contains("<b>"))
    }
}
