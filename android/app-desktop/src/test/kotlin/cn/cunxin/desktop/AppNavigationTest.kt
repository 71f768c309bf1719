package cn.cunxin.desktop

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.onRoot
import androidx.compose.ui.test.captureToImage
import androidx.compose.ui.graphics.toAwtImage
import java.io.File
import javax.imageio.ImageIO
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.v2.runComposeUiTest
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.designsystem.Language
import cn.cunxin.designsystem.SkiaImageDecoder
import cn.cunxin.navigation.AppSession
import cn.cunxin.navigation.CunxinApp
import cn.cunxin.navigation.Destination
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.fakes.FakeCunxin
import cn.cunxin.test.fakes.FakeFieldStore
import cn.cunxin.test.fakes.FakeStores
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The whole app on the fakes, driven by clicks and typing: unlock, list-detail, a visit step, Back, the resident's screen. */
@OptIn(ExperimentalTestApi::class)
class AppNavigationTest {
    private val stores = FakeStores(newStore = { FakeFieldStore(it, passphrase = true).apply { add(aHousehold("H001")) } })
    private val session = AppSession(
        FakeCunxin(stores = stores), "/store", { _, _ -> null }, { null },
        CoroutineDispatchers(Dispatchers.IO, Dispatchers.Default, Dispatchers.Default), SkiaImageDecoder,
    )

    init {
        runBlocking { stores.createWithPassphrase("/store", "村信测试口令2026".toCharArray()).close() }
    }

    @Test
    fun `unlock, open a household beside the list, a visit step and back, and the estimate guards Back`() = runComposeUiTest {
        setContent { CunxinApp(session, Language.ZH) {} }
        waitUntil(timeoutMillis = 5_000) { onAllNodes(hasText("解锁")).fetchSemanticsNodes().isNotEmpty() }
        onNode(hasSetTextAction()).performTextInput("村信测试口令2026")
        onNode(hasText("解锁") and androidx.compose.ui.test.hasClickAction()).performClick()
        waitUntil(timeoutMillis = 5_000) { onAllNodes(hasText("王*明")).fetchSemanticsNodes().isNotEmpty() }
        assertEquals(Destination.WorkList, session.backStack.top)

        onNodeWithText("王*明").performClick()
        waitUntil(timeoutMillis = 5_000) { onAllNodes(hasText("农户 H001")).fetchSemanticsNodes().isNotEmpty() }
        // The integrated window, to look at (target/screenshots/app-list-detail.png).
        val shot = onRoot().captureToImage().toAwtImage()
        File(System.getProperty("cunxin.screenshots.dir") ?: "target/screenshots").apply { mkdirs() }.let { ImageIO.write(shot, "png", File(it, "app-list-detail.png")) }
        onNodeWithText("信息采集").performClick()
        waitUntil(timeoutMillis = 5_000) { onAllNodes(hasText("信息采集 · H001")).fetchSemanticsNodes().isNotEmpty() }
        onNodeWithText("‹ 返回").performClick()
        waitUntil(timeoutMillis = 5_000) { session.backStack.top == Destination.WorkList }

        onNodeWithText("预估额度").performClick()
        waitUntil(timeoutMillis = 5_000) { onAllNodes(hasText("预估额度，以银行审批为准")).fetchSemanticsNodes().isNotEmpty() }
        onNodeWithText("‹ 返回").performClick()
        waitUntil(timeoutMillis = 5_000) { onAllNodes(hasText("网格员密码")).fetchSemanticsNodes().isNotEmpty() }
        assertTrue(session.backStack.top is Destination.Visit, "Back on the resident's screen asks for the passphrase first")

        session.lock()
        waitUntil(timeoutMillis = 5_000) { onAllNodes(hasText("解锁村信")).fetchSemanticsNodes().isNotEmpty() }
        assertTrue(stores.storeIn("/store").closed)
    }

    @Test
    fun `the work list's top bar opens the hand-over centre, and Back returns to the list`() = runComposeUiTest {
        setContent { CunxinApp(session, Language.ZH) {} }
        waitUntil(timeoutMillis = 5_000) { onAllNodes(hasText("解锁")).fetchSemanticsNodes().isNotEmpty() }
        onNode(hasSetTextAction()).performTextInput("村信测试口令2026")
        onNode(hasText("解锁") and androidx.compose.ui.test.hasClickAction()).performClick()
        waitUntil(timeoutMillis = 5_000) { session.backStack.top == Destination.WorkList }

        onNodeWithText("交接中心").performClick()
        waitUntil(timeoutMillis = 5_000) { onAllNodes(hasText("立即封包")).fetchSemanticsNodes().isNotEmpty() }
        assertEquals(Destination.HandOver, session.backStack.top)
        onNodeWithText("‹ 返回").performClick()
        waitUntil(timeoutMillis = 5_000) { session.backStack.top == Destination.WorkList }
    }

    @Test
    fun `the work list's top bar opens the village dashboard and the public notice, and Back returns to the list`() = runComposeUiTest {
        setContent { CunxinApp(session, Language.ZH) {} }
        waitUntil(timeoutMillis = 5_000) { onAllNodes(hasText("解锁")).fetchSemanticsNodes().isNotEmpty() }
        onNode(hasSetTextAction()).performTextInput("村信测试口令2026")
        onNode(hasText("解锁") and androidx.compose.ui.test.hasClickAction()).performClick()
        waitUntil(timeoutMillis = 5_000) { session.backStack.top == Destination.WorkList }

        onNodeWithText("村情看板").performClick()
        waitUntil(timeoutMillis = 5_000) { onAllNodes(hasText("信用等级分布")).fetchSemanticsNodes().isNotEmpty() }
        assertEquals(Destination.VillageDashboard, session.backStack.top)
        onNodeWithText("‹ 返回").performClick()
        waitUntil(timeoutMillis = 5_000) { session.backStack.top == Destination.WorkList }

        onNodeWithText("公示名单").performClick()
        waitUntil(timeoutMillis = 5_000) { onAllNodes(hasText("生成打印页")).fetchSemanticsNodes().isNotEmpty() }
        assertEquals(Destination.PublicNotice, session.backStack.top)
        onNodeWithText("‹ 返回").performClick()
        waitUntil(timeoutMillis = 5_000) { session.backStack.top == Destination.WorkList }
    }
}
