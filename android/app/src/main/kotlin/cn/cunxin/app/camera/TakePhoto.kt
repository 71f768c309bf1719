package cn.cunxin.app.camera

import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.runtime.Composable
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.ui.platform.LocalContext
import cn.cunxin.app.security.AppLock
import java.io.File

/**
 * Opens the system camera for one photo; [onTaken] gets the file (app-private) when the grid
 * manager kept a photo, and a cancelled capture leaves nothing behind. The pending path survives
 * the activity being recreated while the camera is in front.
 */
@Composable
fun rememberTakePhoto(lock: AppLock, onTaken: (File) -> Unit): () -> Unit {
    val context = LocalContext.current
    val files = remember(context) { CameraFiles(context) }
    val pending = rememberSaveable { mutableStateOf<String?>(null) }
    val launcher = rememberLauncherForActivityResult(ActivityResultContracts.TakePicture()) { kept ->
        val file = pending.value?.let(::File)
        pending.value = null
        when {
            file == null -> Unit
            kept && file.length() > 0 -> onTaken(file)
            else -> file.delete()
        }
    }
    return {
        val shot = files.newShot()
        pending.value = shot.file.path
        lock.leavingForResult()
        launcher.launch(shot.uri)
    }
}
