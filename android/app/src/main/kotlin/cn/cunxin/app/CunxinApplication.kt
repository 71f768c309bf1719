package cn.cunxin.app

import android.app.Application
import androidx.lifecycle.ProcessLifecycleOwner
import androidx.work.Configuration
import cn.cunxin.api.Cunxin
import cn.cunxin.app.camera.CameraFiles
import cn.cunxin.app.security.AndroidKeystoreWrapper
import cn.cunxin.app.security.AppLock
import cn.cunxin.app.security.PassphraseRecovery
import cn.cunxin.app.security.StoreKeys
import cn.cunxin.app.security.StoreSession
import cn.cunxin.app.upload.CoreHandOver
import cn.cunxin.app.upload.HandOverWorkerFactory
import cn.cunxin.app.upload.OkHttpHttpClient
import cn.cunxin.impl.CoreCunxin
import kotlinx.coroutines.MainScope
import java.io.File
import kotlin.time.Duration.Companion.minutes

/** The app's single instances; everything below holds no logic of its own. */
class CunxinApplication : Application(), Configuration.Provider {
    val cunxin: Cunxin by lazy { CoreCunxin() }

    // Both under noBackupFilesDir: never in a cloud or adb backup.
    val session: StoreSession by lazy {
        StoreSession(
            cunxin.stores,
            File(noBackupFilesDir, "store"),
            StoreKeys(AndroidKeystoreWrapper(), File(noBackupFilesDir, "store-key.wrapped")),
        )
    }

    val lock: AppLock by lazy { AppLock(MainScope(), idleTimeout = 5.minutes, onLock = session::close) }

    /** Set when the core's passphrase unwrapping is in the api; until then recovery says so. */
    val passphraseRecovery: PassphraseRecovery? = null

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
