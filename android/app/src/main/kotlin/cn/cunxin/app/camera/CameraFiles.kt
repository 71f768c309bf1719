package cn.cunxin.app.camera

import android.content.Context
import android.net.Uri
import androidx.core.content.FileProvider
import java.io.File
import java.util.UUID

/** One capture: the file the system camera writes and the content URI it is handed. */
class Shot(val file: File, val uri: Uri)

/**
 * The system camera writes each photo into app-private storage through a FileProvider (no
 * storage permission, nothing in the gallery); the core then takes the file, encrypts it and
 * deletes it. Files left by a capture the app was killed in are swept at start.
 */
class CameraFiles(private val context: Context) {
    private val dir = File(context.filesDir, DIR)

    fun newShot(): Shot {
        dir.mkdirs()
        val file = File(dir, "${UUID.randomUUID()}.jpg")
        return Shot(file, FileProvider.getUriForFile(context, authority(context), file))
    }

    fun sweep() {
        dir.listFiles()?.forEach { it.delete() }
    }

    companion object {
        /** Matches res/xml/camera_paths.xml. */
        const val DIR = "camera"

        /** Matches the provider in AndroidManifest.xml. */
        fun authority(context: Context) = "${context.packageName}.camera"
    }
}
