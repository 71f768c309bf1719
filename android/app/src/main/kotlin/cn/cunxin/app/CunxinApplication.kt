package cn.cunxin.app

import android.app.Application
import androidx.lifecycle.ProcessLifecycleOwner
import androidx.work.Configuration
import cn.cunxin.api.Cunxin
import cn.cunxin.app.camera.CameraFiles
import cn.cunxin.app.camera.SystemCamera
import cn.cunxin.app.images.BitmapImageDecoder
import cn.cunxin.app.security.AndroidKeystoreWrapper
import cn.cunxin.app.security.AppLock
import cn.cunxin.app.security.KeyWrapper
import cn.cunxin.app.security.PassphraseRecovery
import cn.cunxin.app.security.StoreKeys
import cn.cunxin.app.security.StoreSession
import cn.cunxin.app.upload.CoreHandOver
import cn.cunxin.app.upload.HandOverWorkerFactory
import cn.cunxin.app.upload.OkHttpHttpClient
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.impl.CoreCunxin
import cn.cunxin.navigation.AppSession
import kotlinx.coroutines.MainScope
import java.io.File
import kotlin.time.Duration.Companion.minutes

/**
 * The app's single instances; everything below holds no logic of its own. Open only so a
 * Robolectric test can put the fakes behind the same wiring ([newCunxin], [newKeyWrapper]).
 */
open class CunxinApplication : Application(), Configuration.Provider {
    val cunxin: Cunxin by lazy { newCunxin() }

    // Both under noBackupFilesDir: never in a cloud or adb backup.
    private val storeDir by lazy { File(noBackupFilesDir, "store") }

    val session: StoreSession by lazy {
        StoreSession(cunxin.stores, storeDir, StoreKeys(newKeyWrapper(), File(noBackupFilesDir, "store-key.wrapped")))
    }

    val camera = SystemCamera()

    /**
     * The shared navigation's session: one back stack for the process, so it outlives the activity.
     * Its store is the [session]'s (closing it waits for the hand-over worker), and its lock is [lock]'s.
     */
    val screens: AppSession by lazy {
        AppSession(
            cunxin, storeDir.path, camera,
            // Rosters come with the tablet's provisioning or over USB; no document picker yet.
            pickRoster = { null },
            dispatchers = CoroutineDispatchers.default(),
            imageDecoder = BitmapImageDecoder,
            http = OkHttpHttpClient(),
            // AppLock owns the idle timeout here: it also knows a trip to the camera is no idling.
            idleLockMillis = Long.MAX_VALUE,
            closeStore = { session.close() },
            onLocked = { lock.lock() },
        )
    }

    val lock: AppLock by lazy {
        AppLock(MainScope(), idleTimeout = 5.minutes, onLock = {
            session.close()
            screens.lock()
        })
    }

    /**
     * The core's passphrase unwrapping of a Keystore store's key: the api has none yet (a raw-key
     * store keeps no passphrase-wrapped copy), so recovery says it cannot.
     */
    val passphraseRecovery: PassphraseRecovery? = null

    protected open fun newCunxin(): Cunxin = CoreCunxin()

    protected open fun newKeyWrapper(): KeyWrapper = AndroidKeystoreWrapper()

    override fun onCreate() {
        super.onCreate()
        ProcessLifecycleOwner.get().lifecycle.addObserver(lock)
        CameraFiles(this).sweep()
    }

    override val workManagerConfiguration: Configuration
        get() = Configuration.Builder()
            .setWorkerFactory(HandOverWorkerFactory { CoreHandOver(session, OkHttpHttpClient()) })
            .build()
}
