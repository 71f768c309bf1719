package cn.cunxin.app

import android.app.Activity
import android.os.Looper
import android.view.View
import android.view.ViewGroup
import androidx.compose.ui.node.RootForTest
import androidx.compose.ui.semantics.SemanticsActions
import androidx.compose.ui.semantics.SemanticsNode
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.text.AnnotatedString
import org.junit.Assert.fail
import org.robolectric.Shadows.shadowOf
import java.time.Duration

/**
 * The activity's Compose content read through its semantics tree, as an accessibility service
 * sees it (Compose's test rule is not among the Jetpack jars here): texts, clicks, typing, and
 * waiting while the main looper's clock moves on and the presenters' I/O threads answer.
 */
class ComposeScreen(private val activity: Activity) {
    /** Every text on screen, each where it is drawn (a text field's supporting text is not merged into the field). */
    fun texts(): List<String> = roots(activity.window.decorView).flatMap { all(it.semanticsOwner.unmergedRootSemanticsNode) }.flatMap { it.texts() }

    fun waitFor(text: String, timeoutMillis: Long = 15_000) = waitUntil("\"$text\" on screen", timeoutMillis) { texts().any { text in it } }

    fun waitUntil(what: String, timeoutMillis: Long = 15_000, condition: () -> Boolean) {
        val deadline = System.currentTimeMillis() + timeoutMillis
        while (true) {
            frame()
            if (condition()) return
            if (System.currentTimeMillis() > deadline) fail("never $what; the screen shows ${texts()}")
            Thread.sleep(5)
        }
    }

    /** Clicks the clickable node whose (merged) text is exactly [text]. */
    fun click(text: String) {
        val node = nodes().firstOrNull { text in it.texts() && it.config.getOrNull(SemanticsActions.OnClick) != null }
            ?: throw AssertionError("nothing to click reads \"$text\"; the screen shows ${texts()}")
        node.config.getOrNull(SemanticsActions.OnClick)!!.action!!.invoke()
    }

    /** Types into the first text field, and lets the field hand the text to its owner (that takes a frame). */
    fun type(text: String) {
        val field = nodes().firstOrNull { it.config.getOrNull(SemanticsActions.SetText) != null } ?: throw AssertionError("no text field on screen")
        field.config.getOrNull(SemanticsActions.SetText)!!.action!!.invoke(AnnotatedString(text))
        repeat(10) { frame() }
    }

    private fun frame() {
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofMillis(16))
        // Compose lays out changed nodes when it draws, and nothing draws here: lay out as its test rule does.
        roots(activity.window.decorView).forEach { it.measureAndLayoutForTest() }
    }

    /** The merged tree: a button with its label, what a click goes to. */
    private fun nodes(): List<SemanticsNode> = roots(activity.window.decorView).flatMap { all(it.semanticsOwner.rootSemanticsNode) }

    private fun roots(view: View): List<RootForTest> = when (view) {
        is RootForTest -> listOf(view)
        is ViewGroup -> (0 until view.childCount).flatMap { roots(view.getChildAt(it)) }
        else -> emptyList()
    }

    private fun all(node: SemanticsNode): List<SemanticsNode> = listOf(node) + node.children.flatMap(::all)

    private fun SemanticsNode.texts(): List<String> = config.getOrNull(SemanticsProperties.Text).orEmpty().map { it.text }
}
