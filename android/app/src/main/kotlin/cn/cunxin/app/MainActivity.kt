package cn.cunxin.app

import android.Manifest
import android.content.pm.PackageManager
import android.os.Build
import android.os.Bundle
import android.view.MotionEvent
import android.view.WindowManager
import androidx.activity.compose.setContent
import androidx.activity.result.contract.ActivityResultContracts
import androidx.biometric.BiometricManager.Authenticators
import androidx.biometric.BiometricPrompt
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.produceState
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import cn.cunxin.api.Cunxin
import cn.cunxin.api.intake.ResidentIdCheck
import cn.cunxin.app.security.StoreOpening
import cn.cunxin.ui.intake.ResidentIdCheckView

/**
 * The one activity: hosts the shared Compose screens behind the lock. Every screen shows
 * personal data, so the whole window is FLAG_SECURE (no screenshots, blank in recents).
 * A FragmentActivity because BiometricPrompt needs one.
 */
class MainActivity : FragmentActivity() {
    private val app get() = application as CunxinApplication
    private var opening by mutableStateOf<StoreOpening?>(null)

    // Asked once unlocked: the place burnt into photos, and the upload notification (API 33+).
    private val permissions = registerForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) {}

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) setRecentsScreenshotEnabled(false)
        setContent {
            MaterialTheme {
                Surface(Modifier.fillMaxSize()) {
                    val locked by app.lock.locked.collectAsState()
                    when {
                        locked -> LockedScreen(opening, onUnlock = ::authenticate, onPassphrase = ::recover)
                        else -> FieldApp(app.cunxin)
                    }
                }
            }
        }
    }

    override fun dispatchTouchEvent(event: MotionEvent): Boolean {
        app.lock.touched()
        return super.dispatchTouchEvent(event)
    }

    private fun authenticate() {
        val prompt = BiometricPrompt(
            this,
            ContextCompat.getMainExecutor(this),
            object : BiometricPrompt.AuthenticationCallback() {
                override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) = openStore()
            },
        )
        prompt.authenticate(
            BiometricPrompt.PromptInfo.Builder()
                .setTitle("解锁村信")
                .setAllowedAuthenticators(Authenticators.BIOMETRIC_STRONG or Authenticators.DEVICE_CREDENTIAL)
                .build(),
        )
    }

    private fun openStore() {
        val result = app.session.open()
        opening = result
        if (result is StoreOpening.Open) unlocked()
    }

    private fun unlocked() {
        app.lock.unlocked()
        val wanted = buildList {
            add(Manifest.permission.ACCESS_FINE_LOCATION)
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) add(Manifest.permission.POST_NOTIFICATIONS)
        }.filter { ContextCompat.checkSelfPermission(this, it) != PackageManager.PERMISSION_GRANTED }
        if (wanted.isNotEmpty()) permissions.launch(wanted.toTypedArray())
    }

    private fun recover(passphrase: CharArray) {
        val recovery = app.passphraseRecovery ?: return
        val result = app.session.recover(passphrase, recovery)
        passphrase.fill(' ')
        opening = result
        if (result is StoreOpening.Open) unlocked()
    }
}

/** Until the shared navigation is hosted here: the ID check screen, as before. */
@Composable
private fun FieldApp(cunxin: Cunxin) {
    var input by remember { mutableStateOf("") }
    Column(Modifier.padding(16.dp)) {
        OutlinedTextField(value = input, onValueChange = { input = it }, label = { Text("身份证号") }, singleLine = true)
        val check by produceState<ResidentIdCheck?>(null, input) { value = if (input.isBlank()) null else cunxin.residentIds.check(input) }
        check?.let { ResidentIdCheckView(it) }
    }
}

@Composable
private fun LockedScreen(opening: StoreOpening?, onUnlock: () -> Unit, onPassphrase: (CharArray) -> Unit) {
    Column(Modifier.padding(24.dp)) {
        if (opening == StoreOpening.NeedsPassphrase) {
            var passphrase by remember { mutableStateOf("") }
            Text("本机的锁屏或指纹已更改，存储密钥已失效。数据仍在：请输入网格员口令恢复。", style = MaterialTheme.typography.bodyLarge)
            OutlinedTextField(value = passphrase, onValueChange = { passphrase = it }, label = { Text("口令") }, singleLine = true)
            Button(onClick = { onPassphrase(passphrase.toCharArray()) }) { Text("恢复") }
        } else {
            Button(onClick = onUnlock) { Text("解锁") }
        }
    }
}
