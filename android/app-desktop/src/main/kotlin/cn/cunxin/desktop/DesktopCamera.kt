package cn.cunxin.desktop

import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.features.photos.Camera
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.awt.FileDialog
import java.awt.Frame
import javax.swing.JFileChooser
import java.io.File

/**
 * The desktop's camera: a file chooser opening in [samples] (the sample photos). The chosen file
 * is copied first, because the core deletes the camera's file once it has stored the photo.
 */
class DesktopCamera(private val samples: File?, private val scratch: File) : Camera {
    override suspend fun capture(kind: PhotoKind, member: Int?): String? {
        val chosen = chooseFile(samples, "*.jpg;*.jpeg;*.png") ?: return null
        return withContext(Dispatchers.IO) {
            scratch.mkdirs()
            val copy = File.createTempFile("camera-", "-" + chosen.name, scratch)
            chosen.copyTo(copy, overwrite = true)
            copy.path
        }
    }
}

/** AWT's native file dialog, on the UI thread; null when cancelled. */
suspend fun chooseFile(dir: File?, pattern: String): File? = withContext(Dispatchers.Main) {
    val dialog = FileDialog(null as Frame?, "Cunxin", FileDialog.LOAD)
    dir?.let { dialog.directory = it.path }
    dialog.file = pattern
    dialog.isVisible = true
    val name = dialog.file ?: return@withContext null
    File(dialog.directory, name)
}

/** A folder (the USB drive) from Swing's chooser, on the UI thread; null when cancelled. */
suspend fun chooseFolder(): String? = withContext(Dispatchers.Main) {
    val chooser = JFileChooser().apply { fileSelectionMode = JFileChooser.DIRECTORIES_ONLY }
    if (chooser.showOpenDialog(null) == JFileChooser.APPROVE_OPTION) chooser.selectedFile.path else null
}
