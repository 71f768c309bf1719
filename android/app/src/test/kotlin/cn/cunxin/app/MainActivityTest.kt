package cn.cunxin.app

import cn.cunxin.designsystem.Strings
import cn.cunxin.navigation.Destination
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode
import java.io.File

/** The activity on Robolectric with the fake core: the lock in front of the shared navigation, and the navigation behind it. */
@RunWith(RobolectricTestRunner::class)
// Real text measurement and layout (the legacy mode measures Chinese text as nearly nothing and leaves the list unlaid).
@GraphicsMode(GraphicsMode.Mode.NATIVE)
// A tablet, as the grid managers carry (the default 320 dp screen leaves the list no room under the top bar).
@Config(application = TestCunxinApplication::class, shadows = [LibraryStringResources::class], qualifiers = "w1280dp-h800dp-mdpi")
class MainActivityTest {
    private val words = Strings.ZH
    private val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
    private val app = activity.application as TestCunxinApplication
    private val screen = ComposeScreen(activity)
    private var credentialAsked = 0

    init {
        // BiometricPrompt's dialog cannot show here: the credential is confirmed at once.
        activity.confirmCredential = { confirmed ->
            credentialAsked++
            confirmed()
        }
    }

    @Test
    fun `unlocked by the credential, it shows the shared work list, and Lock closes the store and locks again`() {
        screen.waitFor(words.deviceUnlockPrompt)
        assertTrue(app.lock.locked.value)
        screen.type("村信测试口令2026")
        screen.click(words.unlock)
        screen.waitFor("王*明")
        assertEquals(1, credentialAsked)
        assertFalse(app.lock.locked.value)
        assertEquals(Destination.WorkList, app.screens.backStack.top)
        assertTrue(words.workList in screen.texts())
        val store = app.stores.storeIn(File(activity.noBackupFilesDir, "store").path)
        assertFalse(store.closed)

        screen.click(words.lock)
        screen.waitFor(words.deviceUnlockPrompt)
        assertTrue(app.lock.locked.value)
        assertTrue("the session's store is closed", store.closed)
        assertEquals(Destination.Unlock, app.screens.backStack.top)
    }
}
