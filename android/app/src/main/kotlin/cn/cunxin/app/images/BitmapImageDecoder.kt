package cn.cunxin.app.images

import android.graphics.BitmapFactory
import androidx.compose.ui.graphics.asImageBitmap
import cn.cunxin.designsystem.ImageDecoder

/** Android's twin of the desktop's Skia decoder: the core's JPEG bytes through BitmapFactory, in memory only. */
object BitmapImageDecoder : ImageDecoder {
    override fun decode(bytes: ByteArray) = BitmapFactory.decodeByteArray(bytes, 0, bytes.size)?.asImageBitmap()
}
