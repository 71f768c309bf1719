package cn.cunxin.app.upload

import android.content.Context
import androidx.work.BackoffPolicy
import androidx.work.Constraints
import androidx.work.ExistingWorkPolicy
import androidx.work.ListenableWorker
import androidx.work.NetworkType
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.WorkerFactory
import androidx.work.WorkerParameters
import androidx.work.workDataOf
import cn.cunxin.api.store.FieldStore
import java.util.concurrent.TimeUnit

/** One hand-over at a time, on Wi-Fi (unmetered), retried with exponential backoff from 30 s. */
object HandOverScheduler {
    const val WORK_NAME = "hand-over"

    fun request(platform: Platform) = OneTimeWorkRequestBuilder<HandOverWorker>()
        .setConstraints(Constraints.Builder().setRequiredNetworkType(NetworkType.UNMETERED).build())
        .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, 30, TimeUnit.SECONDS)
        .setInputData(workDataOf(HandOverWorker.ENDPOINT to platform.endpoint, HandOverWorker.PLATFORM_KEY to platform.publicKey))
        .build()

    /**
     * Starts the hand-over, or replaces a waiting one (after an unlock, so a retry held back by a
     * locked store runs now); WorkManager keeps the request across a killed app and a reboot.
     */
    fun start(context: Context, platform: Platform) {
        WorkManager.getInstance(context).enqueueUniqueWork(WORK_NAME, ExistingWorkPolicy.REPLACE, request(platform))
    }

    /** After an unlock: sealed batches waiting and the platform in the store's settings start the hand-over. */
    suspend fun startIfWaiting(context: Context, store: FieldStore) {
        val settings = store.settings.current()
        val platform = Platform(settings.uploadAddress ?: return, settings.platformKey?.text ?: return)
        if (store.batches.waiting().sealedBatches > 0) start(context, platform)
    }
}

/** Gives [HandOverWorker] the app's [HandOver]; WorkManager builds other workers itself. */
class HandOverWorkerFactory(private val handOver: () -> HandOver) : WorkerFactory() {
    override fun createWorker(appContext: Context, workerClassName: String, workerParameters: WorkerParameters): ListenableWorker? =
        if (workerClassName == HandOverWorker::class.java.name) HandOverWorker(appContext, workerParameters, handOver()) else null
}
