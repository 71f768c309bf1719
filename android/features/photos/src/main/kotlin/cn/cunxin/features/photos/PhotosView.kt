package cn.cunxin.features.photos

import androidx.compose.foundation.Image
import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.unit.dp
import cn.cunxin.api.photos.PhotoSummary
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.FailureBanner
import cn.cunxin.designsystem.LoadingPane
import cn.cunxin.designsystem.MessageBanner
import cn.cunxin.designsystem.PrimaryButton
import cn.cunxin.designsystem.SecondaryButton
import cn.cunxin.designsystem.SectionTitle
import cn.cunxin.designsystem.Strings
import cn.cunxin.designsystem.Thumbnail
import cn.cunxin.designsystem.LocalImageDecoder
import cn.cunxin.designsystem.strings

@OptIn(ExperimentalLayoutApi::class)
@Composable
fun PhotosView(state: PhotosState, events: EventSink<PhotosEvent>, modifier: Modifier = Modifier) {
    val s = strings
    Box(modifier.fillMaxSize()) {
        if (state.loading) {
            LoadingPane()
        } else {
            Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                state.failure?.takeIf { state.flagged == null }?.let { FailureBanner(it) }
                if (state.similar.isNotEmpty()) {
                    val other = state.similar.any { !it.sameHousehold }
                    MessageBanner(
                        s.photoFlag(if (other) cn.cunxin.api.photos.PhotoFlag.NEAR_DUPLICATE_OTHER_HOUSEHOLD else cn.cunxin.api.photos.PhotoFlag.NEAR_DUPLICATE_SAME_HOUSEHOLD),
                        background = CunxinColors.WarningContainer, foreground = CunxinColors.Warning,
                    )
                }
                SectionTitle(s.evidence)
                FlowRow(horizontalArrangement = Arrangement.spacedBy(12.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                    state.checklist.forEach { required ->
                        val slot = Slot(required.kind, required.member)
                        SlotCard(slot, state.photoFor(slot), state, events, s)
                    }
                }
                if (state.extra.isNotEmpty()) {
                    SectionTitle(s.photoKind(cn.cunxin.api.photos.PhotoKind.OTHER))
                    FlowRow(horizontalArrangement = Arrangement.spacedBy(12.dp)) {
                        state.extra.forEach { p -> Box(Modifier.clickable { events.onEvent(PhotosEvent.ShowFull(p.id)) }) { Thumbnail(state.thumbnails[p.id], s.photoKind(p.kind), size = 140.dp) } }
                    }
                }
            }
        }
        state.flagged?.let { FlaggedOverlay(it, state, events, s) }
        state.fullScreen?.let { FullScreenOverlay(it, events, s) }
    }
}

@Composable
private fun SlotCard(slot: Slot, photo: PhotoSummary?, state: PhotosState, events: EventSink<PhotosEvent>, s: Strings) {
    Surface(Modifier.width(176.dp), shape = RoundedCornerShape(12.dp), border = androidx.compose.foundation.BorderStroke(1.dp, MaterialTheme.colorScheme.outline)) {
        Column(Modifier.padding(10.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
            Box(Modifier.clickable(enabled = photo != null) { photo?.let { events.onEvent(PhotosEvent.ShowFull(it.id)) } }) {
                Thumbnail(photo?.let { state.thumbnails[it.id] }, if (state.capturing == slot) s.storing else s.missing, size = 156.dp)
            }
            Text(s.missingPhoto(slot.kind, slot.member), style = MaterialTheme.typography.bodyLarge)
            photo?.overrideReason?.let { Text(s.keptBecause(it), style = MaterialTheme.typography.bodyMedium, color = CunxinColors.Warning) }
            val busy = state.capturing != null
            if (photo == null) PrimaryButton(s.takePhoto, { events.onEvent(PhotosEvent.Capture(slot)) }, Modifier.fillMaxWidth(), enabled = !busy)
            else SecondaryButton(s.retake, { events.onEvent(PhotosEvent.Capture(slot)) }, Modifier.fillMaxWidth(), enabled = !busy)
        }
    }
}

@Composable
private fun FlaggedOverlay(flagged: Flagged, state: PhotosState, events: EventSink<PhotosEvent>, s: Strings) {
    Box(Modifier.fillMaxSize().background(Color(0x99000000)), contentAlignment = Alignment.Center) {
        Surface(Modifier.widthIn(max = 640.dp).fillMaxWidth().padding(16.dp), shape = RoundedCornerShape(16.dp)) {
            Column(Modifier.verticalScroll(rememberScrollState()).padding(20.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                SectionTitle(s.checkPhoto + " · " + s.missingPhoto(flagged.slot.kind, flagged.slot.member))
                Thumbnail(flagged.preview, s.photoKind(flagged.slot.kind), size = 220.dp)
                flagged.flags.forEach { Text("⚠ " + s.photoFlag(it), style = MaterialTheme.typography.bodyLarge, color = CunxinColors.Warning) }
                PrimaryButton(s.retake, { events.onEvent(PhotosEvent.Retake) }, Modifier.fillMaxWidth())
                OutlinedTextField(
                    flagged.reason, { events.onEvent(PhotosEvent.ReasonChanged(it)) }, Modifier.fillMaxWidth(),
                    label = { Text(s.reason) }, placeholder = { Text(s.keepReasonHint) }, textStyle = MaterialTheme.typography.bodyLarge,
                )
                state.failure?.let { FailureBanner(it) }
                SecondaryButton(s.keepWithReason, { events.onEvent(PhotosEvent.Keep) }, Modifier.fillMaxWidth())
            }
        }
    }
}

@Composable
private fun FullScreenOverlay(full: FullScreen, events: EventSink<PhotosEvent>, s: Strings) {
    val decoder = LocalImageDecoder.current
    val image = remember(full.image) { full.image?.let(decoder::decode) }
    Box(Modifier.fillMaxSize().background(Color.Black).clickable { events.onEvent(PhotosEvent.CloseFull) }, contentAlignment = Alignment.Center) {
        if (image != null) Image(image, s.photoKind(full.photo.kind), Modifier.fillMaxSize().padding(16.dp), contentScale = ContentScale.Fit)
        else Text(s.loading, color = Color.White, style = MaterialTheme.typography.bodyLarge)
        Row(Modifier.align(Alignment.TopStart).fillMaxWidth().background(Color(0xCC000000)).padding(12.dp), verticalAlignment = Alignment.CenterVertically) {
            Text(s.missingPhoto(full.photo.kind, full.photo.member) + " · " + full.photo.takenBy, Modifier.weight(1f), color = Color.White, style = MaterialTheme.typography.bodyLarge)
            PrimaryButton(s.close, { events.onEvent(PhotosEvent.CloseFull) })
        }
    }
}
