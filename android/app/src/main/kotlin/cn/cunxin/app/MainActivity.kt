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
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.Surface
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.SideEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import androidx.lifecycle.lifecycleScope
import cn.cunxin.api.store.FieldStore
import cn.cunxin.app.camera.rememberTakePhoto
import cn.cunxin.app.security.LockedScreen
import cn.cunxin.app.security.StoreOpening
import cn.cunxin.app.upload.HandOverScheduler
import cn.cunxin.architecture.PassphraseCheck
import cn.cunxin.designsystem.CunxinTheme
import cn.cunxin.designsystem.Language
import cn.cunxin.navigation.CunxinApp
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * The one activity: the shared navigation (the same destinations and presenters as the desktop)
 * behind the device lock. The Keystore opens the store after the device credential, so the shared
 * Unlock destination (a passphrase store's) is never shown here; the passphrase typed beside the
 * credential prompt becomes the session's check for the resident's screens. Every screen shows
 * personal data, so the whole window is FLAG_SECURE (no screenshots, blank in recents). A
 * FragmentActivity because BiometricPrompt needs one.
 */
class MainActivity : FragmentActivity() {
    private val app get() = application as CunxinApplication
    private var opening by mutableStateOf<StoreOpening?>(null)

    // Not recreated on rotation (the manifest's configChanges), so a plain property keeps the choice.
    private var language by mutableStateOf(Language.ZH)

    /** Asks for the device credential and calls back once it is confirmed; a test answers itself. */
    internal var confirmCredential: (onConfirmed: () -> Unit) -> Unit = ::biometricPrompt

    // Asked once unlocked: the place burnt into photos, and the upload notification (API 33+).
    private val permissions = registerForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) {}

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) setRecentsScreenshotEnabled(false)
        setContent { Host() }
    }

    @Composable
    private fun Host() {
        val locked by app.lock.locked.collectAsState()
        // The photo screen's Camera opens the system camera through this composition's launcher.
        val takePhoto = rememberTakePhoto(app.lock, app.camera::result)
        SideEffect { app.camera.open = takePhoto }
        DisposableEffect(Unit) { onDispose { app.camera.open = null } }
        if (locked) {
            CunxinTheme(language) {
                Surface(Modifier.fillMaxSize()) {
                    LockedScreen(opening, app.passphraseRecovery != null, onUnlock = ::unlock, onRecover = ::recover)
                }
            }
        } else {
            CunxinApp(app.screens, language) { language = it }
        }
    }

    override fun dispatchTouchEvent(event: MotionEvent): Boolean {
        app.lock.touched()
        return super.dispatchTouchEvent(event)
    }

    private fun unlock(passphrase: CharArray) {
        val check = PassphraseCheck.of(passphrase)
        confirmCredential {
            val result = app.session.open()
            opening = result
            if (result is StoreOpening.Open) unlocked(result.store, check)
        }
    }

    private fun biometricPrompt(onConfirmed: () -> Unit) {
        val prompt = BiometricPrompt(
            this,
            ContextCompat.getMainExecutor(this),
            object : BiometricPrompt.AuthenticationCallback() {
                override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) = onConfirmed()
            },
        )
        prompt.authenticate(
            BiometricPrompt.PromptInfo.Builder()
                .setTitle(language.strings.unlockTitle)
                .setAllowedAuthenticators(Authenticators.BIOMETRIC_STRONG or Authenticators.DEVICE_CREDENTIAL)
                .build(),
        )
    }

    private fun unlocked(store: FieldStore, check: PassphraseCheck) {
        lifecycleScope.launch {
            app.screens.unlocked(store, check)
            app.lock.unlocked()
            askPermissions()
            // A hand-over held back by the locked store goes on now, in the background.
            withContext(Dispatchers.IO) { HandOverScheduler.startIfWaiting(applicationContext, store) }
        }
    }

    private fun askPermissions() {
        val wanted = buildList {
            add(Manifest.permission.ACCESS_FINE_LOCATION)
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) add(Manifest.permission.POST_NOTIFICATIONS)
        }.filter { ContextCompat.checkSelfPermission(this, it) != PackageManager.PERMISSION_GRANTED }
        if (wanted.isNotEmpty()) permissions.launch(wanted.toTypedArray())
    }

    private fun recover(passphrase: CharArray) {
        val recovery = app.passphraseRecovery ?: return
        val check = PassphraseCheck.of(passphrase.copyOf())
        val result = app.session.recover(passphrase, recovery)
        passphrase.fill(' ')
        opening = result
        if (result is StoreOpening.Open) unlocked(result.store, check)
    }
}
