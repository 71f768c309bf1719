package cn.cunxin.ui.intake

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import cn.cunxin.api.intake.ResidentId
import cn.cunxin.api.intake.ResidentIdCheck
import cn.cunxin.api.intake.Sex
import java.time.LocalDate

/** What a grid manager sees after typing or scanning an ID: the checked facts, or why it is wrong. */
@Composable
fun ResidentIdCheckView(check: ResidentIdCheck, modifier: Modifier = Modifier) {
    when (check) {
        is ResidentIdCheck.Valid -> ResidentIdCard(check.id, modifier)
        is ResidentIdCheck.Invalid -> Text(
            text = check.message,
            color = MaterialTheme.colorScheme.error,
            style = MaterialTheme.typography.bodyLarge,
            modifier = modifier.padding(16.dp),
        )
    }
}

/** A checked resident ID: masked number (never the full one on screen), birth date and sex. */
@Composable
fun ResidentIdCard(id: ResidentId, modifier: Modifier = Modifier) {
    Card(modifier = modifier.padding(16.dp)) {
        Column(modifier = Modifier.padding(20.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
            Text("居民身份证", style = MaterialTheme.typography.titleLarge)
            Field("身份证号", id.masked)
            Field("出生日期", chineseDate(id.birthDate))
            Field("性别", sexLabel(id.sex))
        }
    }
}

@Composable
private fun Field(label: String, value: String) {
    Row {
        Text(
            label,
            style = MaterialTheme.typography.bodyLarge,
            color = MaterialTheme.colorScheme.onSurfaceVariant,
            modifier = Modifier.width(96.dp),
        )
        Text(value, style = MaterialTheme.typography.bodyLarge)
    }
}

/** 1990年3月7日, as written on forms. */
fun chineseDate(date: LocalDate): String = "${date.year}年${date.monthValue}月${date.dayOfMonth}日"

fun sexLabel(sex: Sex): String = when (sex) {
    Sex.MALE -> "男"
    Sex.FEMALE -> "女"
}
