package cn.cunxin.app.camera

import android.Manifest
import android.content.pm.PackageManager
import android.location.LocationManager
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.runtime.Composable
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.ui.platform.LocalContext
import androidx.core.content.ContextCompat
import cn.cunxin.app.location.Fix
import cn.cunxin.app.location.LocationFix
import cn.cunxin.app.security.AppLock
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import java.io.File
import java.time.OffsetDateTime

/** A kept photo: the camera's file (app-private), when it came back (ISO, with offset) and the fix sought meanwhile. */
class CameraPhoto(val file: File, val takenAt: String, val fix: Fix?)

/**
 * Opens the system camera for one photo and looks for a location fix meanwhile; [onResult] gets
 * the file with its time and place for the core's `takePhoto`, which stores and deletes the file,
 * or null when the capture was cancelled (which leaves nothing behind). The pending path survives
 * the activity being recreated while the camera is in front.
 */
@Composable
fun rememberTakePhoto(lock: AppLock, onResult: (CameraPhoto?) -> Unit): () -> Unit {
    val context = LocalContext.current
    val files = remember(context) { CameraFiles(context) }
    val scope = rememberCoroutineScope()
    val pending = rememberSaveable { mutableStateOf<String?>(null) }
    val fix = remember { mutableStateOf<Deferred<Fix?>?>(null) }
    val launcher = rememberLauncherForActivityResult(ActivityResultContracts.TakePicture()) { kept ->
        val file = pending.value?.let(::File)
        pending.value = null
        val where = fix.value
        fix.value = null
        when {
            file == null -> {
                where?.cancel()
                onResult(null)
            }
            kept && file.length() > 0 -> {
                val takenAt = OffsetDateTime.now().toString()
                scope.launch { onResult(CameraPhoto(file, takenAt, where?.await())) }
            }
            else -> {
                where?.cancel()
                file.delete()
                onResult(null)
            }
        }
    }
    return {
        val located = ContextCompat.checkSelfPermission(context, Manifest.permission.ACCESS_FINE_LOCATION) == PackageManager.PERMISSION_GRANTED
        fix.value = if (located) {
            val manager = context.getSystemService(LocationManager::class.java)
            @Suppress("MissingPermission")
            scope.async(start = CoroutineStart.UNDISPATCHED) { LocationFix(manager).current() }
        } else {
            null
        }
        val shot = files.newShot()
        pending.value = shot.file.path
        lock.leavingForResult()
        launcher.launch(shot.uri)
    }
}
