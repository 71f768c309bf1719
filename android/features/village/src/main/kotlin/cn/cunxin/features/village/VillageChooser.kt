package cn.cunxin.features.village

import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.rememberScrollState
import androidx.compose.material3.FilterChip
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import cn.cunxin.designsystem.MinTouch

/** The store's villages as chips, the chosen one marked; both screens choose their village with it. */
@Composable
internal fun VillageChooser(villages: List<String>, chosen: String?, onChoose: (String) -> Unit) {
    Row(Modifier.fillMaxWidth().horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        villages.forEach { v -> FilterChip(v == chosen, { onChoose(v) }, { Text(v) }, Modifier.heightIn(min = MinTouch)) }
    }
}
