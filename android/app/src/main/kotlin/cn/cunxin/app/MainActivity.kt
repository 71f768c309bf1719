package cn.cunxin.app

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import cn.cunxin.api.Cunxin
import cn.cunxin.impl.CoreCunxin
import cn.cunxin.ui.intake.ResidentIdCheckView

/** For now one screen: type an ID number and see what the core reads from it. */
class MainActivity : ComponentActivity() {
    private val cunxin: Cunxin by lazy { CoreCunxin() }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContent {
            MaterialTheme {
                Surface(Modifier.fillMaxSize()) {
                    var input by remember { mutableStateOf("") }
                    Column(Modifier.padding(16.dp)) {
                        OutlinedTextField(
                            value = input,
                            onValueChange = { input = it },
                            label = { Text("身份证号") },
                            singleLine = true,
                        )
                        if (input.isNotBlank()) {
                            ResidentIdCheckView(cunxin.residentIds.check(input))
                        }
                    }
                }
            }
        }
    }
}
