package cn.cunxin.designsystem

import androidx.compose.foundation.Image
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.draw.clip
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.unit.Dp
import androidx.compose.ui.unit.dp

/**
 * Display images come from the core as JPEG bytes (decrypted in memory, never on disk in clear).
 * Decoding them is the platform's (Skia on the desktop, BitmapFactory on Android): the host
 * provides its decoder through [LocalImageDecoder].
 */
fun interface ImageDecoder {
    /** The image, or null for bytes that are not one. */
    fun decode(bytes: ByteArray): ImageBitmap?
}

/** A host that forgets to provide its decoder fails on the first image, not with grey boxes. */
val LocalImageDecoder = staticCompositionLocalOf<ImageDecoder> { error("the host provides LocalImageDecoder") }

/** A photo thumbnail, or a grey box saying what is missing. */
@Composable
fun Thumbnail(bytes: ByteArray?, label: String, modifier: Modifier = Modifier, size: Dp = 120.dp) {
    val decoder = LocalImageDecoder.current
    val image = remember(bytes) { bytes?.let(decoder::decode) }
    Box(modifier.size(size).clip(RoundedCornerShape(8.dp)).background(MaterialTheme.colorScheme.surfaceVariant), contentAlignment = Alignment.Center) {
        if (image != null) {
            Image(image, label, Modifier.size(size), contentScale = ContentScale.Crop)
        } else {
            Text(label, style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
        }
    }
}
