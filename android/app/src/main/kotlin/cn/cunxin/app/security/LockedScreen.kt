package cn.cunxin.app.security

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import cn.cunxin.designsystem.PrimaryButton
import cn.cunxin.designsystem.ScreenFrame
import cn.cunxin.designsystem.strings

/**
 * What the locked app shows instead of the shared screens: the grid manager's passphrase (for the
 * resident's screens later) and the unlock that asks the device's credential; or, after the
 * Keystore key was invalidated, the passphrase to recover the store.
 */
@Composable
fun LockedScreen(opening: StoreOpening?, canRecover: Boolean, onUnlock: (CharArray) -> Unit, onRecover: (CharArray) -> Unit) {
    val s = strings
    var passphrase by rememberSaveable { mutableStateOf("") }
    var tooShort by rememberSaveable { mutableStateOf(false) }
    val recovering = opening == StoreOpening.NeedsPassphrase
    ScreenFrame(s.unlockTitle, onBack = null) {
        Column(Modifier.padding(24.dp).widthIn(max = 560.dp), verticalArrangement = Arrangement.spacedBy(16.dp)) {
            Text(if (recovering) s.storeKeyLost else s.deviceUnlockPrompt, style = MaterialTheme.typography.bodyLarge)
            OutlinedTextField(
                value = passphrase,
                onValueChange = {
                    passphrase = it
                    tooShort = false
                },
                label = { Text(s.managerPassphrase) },
                singleLine = true,
                isError = tooShort,
                supportingText = if (tooShort) ({ Text(s.passphraseTooShort) }) else null,
                visualTransformation = PasswordVisualTransformation(),
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password),
                modifier = Modifier.fillMaxWidth(),
            )
            if (recovering && !canRecover) Text(s.recoveryUnavailable, style = MaterialTheme.typography.bodyLarge)
            PrimaryButton(if (recovering) s.recover else s.unlock, {
                if (passphrase.length < MIN_PASSPHRASE) {
                    tooShort = true
                } else {
                    (if (recovering) onRecover else onUnlock)(passphrase.toCharArray())
                    passphrase = ""
                }
            }, enabled = !recovering || canRecover)
        }
    }
}

/** As the shared unlock screen asks of a new passphrase. */
private const val MIN_PASSPHRASE = 8
