package cn.cunxin.app.location

import android.Manifest
import android.app.Application
import android.content.Context
import android.location.Location
import android.location.LocationManager
import android.os.Looper
import android.os.SystemClock
import androidx.test.core.app.ApplicationProvider
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.test.UnconfinedTestDispatcher
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runTest
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.Shadows.shadowOf
import java.time.Duration
import kotlin.time.Duration.Companion.seconds

/** Against Robolectric's LocationManager, fed fixes as a GPS would deliver them. */
@OptIn(ExperimentalCoroutinesApi::class)
@RunWith(RobolectricTestRunner::class)
class LocationFixTest {
    private val context: Context = ApplicationProvider.getApplicationContext()
    private val manager = context.getSystemService(LocationManager::class.java)

    @Before
    fun gps() {
        shadowOf(context as Application).grantPermissions(Manifest.permission.ACCESS_FINE_LOCATION)
        shadowOf(manager).setProviderEnabled(LocationManager.GPS_PROVIDER, true)
        shadowOf(manager).setProviderEnabled(LocationManager.NETWORK_PROVIDER, false)
    }

    private fun fix(accuracy: Float, latitude: Double = 34.62) = Location(LocationManager.GPS_PROVIDER).apply {
        this.latitude = latitude
        longitude = 112.45
        this.accuracy = accuracy
        time = System.currentTimeMillis()
        elapsedRealtimeNanos = SystemClock.elapsedRealtimeNanos()
    }

    // A second apart, as the updates are requested (LocationManager drops faster ones).
    private fun deliver(location: () -> Location) {
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofSeconds(1))
        shadowOf(manager).simulateLocation(location())
        shadowOf(Looper.getMainLooper()).idle()
    }

    @Test
    fun `waits past rough fixes for one within the accuracy target`() = runTest(UnconfinedTestDispatcher()) {
        val result = async { LocationFix(manager, accuracyMeters = 30f, timeout = 20.seconds).current() }
        deliver { fix(120f, latitude = 34.0) }
        assertFalse(result.isCompleted)
        deliver { fix(12f) }
        val got = result.await()!!
        assertEquals(34.62, got.latitude, 1e-9)
        assertTrue(got.metTarget)
    }

    @Test
    fun `at the timeout the best fix seen comes back, marked as short of the target`() = runTest(UnconfinedTestDispatcher()) {
        val result = async { LocationFix(manager, accuracyMeters = 30f, timeout = 20.seconds).current() }
        deliver { fix(150f, latitude = 34.1) }
        deliver { fix(80f, latitude = 34.2) }
        advanceTimeBy(21.seconds)
        val got = result.await()!!
        assertEquals(34.2, got.latitude, 1e-9)
        assertEquals(80f, got.accuracyMeters)
        assertFalse(got.metTarget)
    }

    @Test
    fun `no fix at all within the timeout is null, and no provider is null at once`() = runTest(UnconfinedTestDispatcher()) {
        val result = async { LocationFix(manager, timeout = 20.seconds).current() }
        advanceTimeBy(21.seconds)
        assertNull(result.await())
        shadowOf(manager).setProviderEnabled(LocationManager.GPS_PROVIDER, false)
        assertNull(LocationFix(manager).current())
    }
}
