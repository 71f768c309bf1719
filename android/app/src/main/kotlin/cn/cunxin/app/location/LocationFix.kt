package cn.cunxin.app.location

import android.Manifest
import android.location.Location
import android.location.LocationListener
import android.location.LocationManager
import android.os.Looper
import android.os.SystemClock
import androidx.annotation.RequiresPermission
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeoutOrNull
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/** Where a photo was taken; [metTarget] is false when the timeout came first and this is the best seen. */
data class Fix(val latitude: Double, val longitude: Double, val accuracyMeters: Float, val metTarget: Boolean)

/**
 * The platform location service (no Play services on many bank tablets): GPS and, where
 * enabled, the network provider, until a fix within [accuracyMeters] or [timeout]; then the
 * best fix seen, or null. A recent enough last-known fix answers at once.
 */
class LocationFix(
    private val manager: LocationManager,
    private val accuracyMeters: Float = 30f,
    private val timeout: Duration = 20.seconds,
    private val maxAge: Duration = 2.minutes,
) {
    @RequiresPermission(Manifest.permission.ACCESS_FINE_LOCATION)
    suspend fun current(): Fix? {
        val providers = listOf(LocationManager.GPS_PROVIDER, LocationManager.NETWORK_PROVIDER).filter(manager::isProviderEnabled)
        if (providers.isEmpty()) return null
        var best: Location? = providers.mapNotNull(manager::getLastKnownLocation).filter(::fresh).minByOrNull { it.accuracy }
        best?.takeIf { it.accuracy <= accuracyMeters }?.let { return it.toFix(true) }
        val good = withTimeoutOrNull(timeout) {
            callbackFlow {
                val listener = LocationListener { trySend(it) }
                providers.forEach { manager.requestLocationUpdates(it, 1_000L, 0f, listener, Looper.getMainLooper()) }
                awaitClose { manager.removeUpdates(listener) }
            }.first { location ->
                if (best == null || location.accuracy < best!!.accuracy) best = location
                location.accuracy <= accuracyMeters
            }
        }
        return good?.toFix(true) ?: best?.toFix(false)
    }

    private fun fresh(location: Location): Boolean =
        (SystemClock.elapsedRealtimeNanos() - location.elapsedRealtimeNanos) / 1_000_000 <= maxAge.inWholeMilliseconds

    private fun Location.toFix(metTarget: Boolean) = Fix(latitude, longitude, accuracy, metTarget)
}
