package cn.cunxin.designsystem

import androidx.compose.ui.graphics.toComposeImageBitmap

/** The desktop's decoder (Skia); in src/desktop so the Android build never compiles it. */
object SkiaImageDecoder : ImageDecoder {
    override fun decode(bytes: ByteArray) = try {
        org.jetbrains.skia.Image.makeFromEncoded(bytes).toComposeImageBitmap()
    } catch (e: IllegalArgumentException) {
        null
    }
}
