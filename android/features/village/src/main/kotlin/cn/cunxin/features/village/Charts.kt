package cn.cunxin.features.village

import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.layout.width
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.unit.dp
import cn.cunxin.api.village.GroupRollUp
import cn.cunxin.designsystem.CunxinColors
import cn.cunxin.designsystem.strings

/** Bars for the evaluated and the credit households: two blues a branch manager tells apart in print and in sunlight. */
internal val EvaluatedColour = Color(0xFF8DB3E2)
internal val CreditColour = CunxinColors.Primary
private val TrackColour = Color(0xFFDCDFE6)

/** A share against its target: the filled part, and a dark tick where the target is. */
@Composable
internal fun TargetBar(fraction: Float, target: Float, met: Boolean, modifier: Modifier = Modifier) {
    Canvas(modifier.fillMaxWidth().height(18.dp)) {
        drawRect(TrackColour, size = size)
        drawRect(if (met) CunxinColors.Success else CunxinColors.Warning, size = Size(size.width * fraction.coerceIn(0f, 1f), size.height))
        val x = size.width * target
        drawLine(CunxinColors.OnSurface, Offset(x, -4f), Offset(x, size.height + 4f), strokeWidth = 3f)
    }
}

/** One grade per row: its name, a bar as long as its share of the largest, and its count. */
@Composable
internal fun GradeChart(bars: List<Pair<String, Int>>) {
    val s = strings
    val most = bars.maxOfOrNull { it.second }?.coerceAtLeast(1) ?: 1
    Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
        bars.forEach { (grade, n) ->
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(s.gradeName(grade), Modifier.width(72.dp), style = MaterialTheme.typography.labelLarge, maxLines = 1)
                Canvas(Modifier.weight(1f).height(24.dp)) {
                    drawRect(CreditColour, size = Size(size.width * n / most, size.height))
                }
                Text(s.householdCount(n), style = MaterialTheme.typography.bodyMedium, maxLines = 1)
            }
        }
    }
}

/** Each group's households as a track, its evaluated and credit households over it; longer tracks for bigger groups. */
@Composable
internal fun GroupChart(groups: List<GroupRollUp>) {
    val s = strings
    val largest = groups.maxOfOrNull { it.households }?.coerceAtLeast(1) ?: 1
    Column(verticalArrangement = Arrangement.spacedBy(10.dp)) {
        Row(horizontalArrangement = Arrangement.spacedBy(16.dp), verticalAlignment = Alignment.CenterVertically) {
            Legend(TrackColour, s.legendHouseholds)
            Legend(EvaluatedColour, s.legendEvaluated)
            Legend(CreditColour, s.legendCredit)
        }
        groups.forEach { g ->
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(g.group, Modifier.width(72.dp), style = MaterialTheme.typography.labelLarge, maxLines = 1)
                Column(Modifier.weight(1f), verticalArrangement = Arrangement.spacedBy(2.dp)) {
                    Canvas(Modifier.fillMaxWidth().height(20.dp)) {
                        val unit = size.width / largest
                        drawRect(TrackColour, size = Size(unit * g.households, size.height))
                        drawRect(EvaluatedColour, size = Size(unit * g.evaluated, size.height))
                        drawRect(CreditColour, size = Size(unit * g.creditHouseholds, size.height))
                    }
                    Text(s.groupFigures(g.households, g.evaluated, g.creditHouseholds), style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
                }
            }
        }
    }
}

@Composable
private fun Legend(colour: Color, label: String) {
    Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(6.dp)) {
        Box(Modifier.size(14.dp).background(colour))
        Text(label, style = MaterialTheme.typography.bodyMedium)
    }
}
