package cn.cunxin.app

import android.content.res.Resources
import org.robolectric.annotation.Implementation
import org.robolectric.annotation.Implements
import org.robolectric.annotation.RealObject
import org.robolectric.shadows.ShadowResources
import org.robolectric.util.reflector.Direct
import org.robolectric.util.reflector.ForType
import org.robolectric.util.reflector.Reflector.reflector

/**
 * Maven cannot package the Jetpack libraries' resources (that needs aapt2), so their R ids
 * (made up by MergeAarClasses) name no string here; Material 3 reads a few for accessibility
 * (a text field's default error message). Such a string reads as empty in these tests instead of
 * failing; the app's own words come from the designsystem's Strings, not from resources.
 */
@Implements(Resources::class)
class LibraryStringResources : ShadowResources() {
    @RealObject
    private lateinit var resources: Resources

    @Implementation
    protected fun getText(id: Int): CharSequence = try {
        reflector(Original::class.java, resources).getText(id)
    } catch (e: Resources.NotFoundException) {
        ""
    }

    @ForType(Resources::class)
    private interface Original {
        @Direct
        fun getText(id: Int): CharSequence
    }
}
