package cn.cunxin.app.upload

import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.content.Context
import android.content.pm.ServiceInfo
import android.os.Build
import androidx.core.app.NotificationCompat
import androidx.work.CoroutineWorker
import androidx.work.ForegroundInfo
import androidx.work.WorkerParameters
import androidx.work.workDataOf
import cn.cunxin.api.handover.HandOverOutcome
import cn.cunxin.api.handover.UploadProgress

/**
 * Hands every sealed batch over to the bank's platform in the background, as a foreground
 * service with a notification (an upload can outlast WorkManager's ten minutes). It runs only
 * on an unmetered network ([HandOverScheduler]); a cut or a locked store is a retry with backoff.
 */
class HandOverWorker(
    context: Context,
    params: WorkerParameters,
    private val handOver: HandOver,
) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val platform = Platform(
            inputData.getString(ENDPOINT) ?: return Result.failure(),
            inputData.getString(PLATFORM_KEY) ?: return Result.failure(),
        )
        setForeground(getForegroundInfo())
        var shown: Pair<Int, Int>? = null
        val run = handOver.run(platform) { progress ->
            // The core reports every chunk; the notification changes only with the batch or the whole percent.
            val percent = progress.percent
            if (progress.batch to percent != shown) {
                shown = progress.batch to percent
                setForegroundAsync(foregroundInfo(progress))
                setProgressAsync(workDataOf(BATCH to progress.batch, BATCHES to progress.batches, PERCENT to percent))
            }
        }
        return when (run) {
            is HandOverRun.Done -> Result.success(
                workDataOf(
                    RECEIVED to run.outcomes.count { it is HandOverOutcome.Received },
                    REFUSED to run.outcomes.count { it is HandOverOutcome.Refused },
                    PURGED to run.outcomes.filterIsInstance<HandOverOutcome.Received>().sumOf { it.uploaded.size },
                ),
            )
            HandOverRun.StoreLocked -> {
                setProgress(workDataOf(WAITING_FOR_UNLOCK to true))
                Result.retry()
            }
            is HandOverRun.TryLater -> Result.retry()
        }
    }

    override suspend fun getForegroundInfo(): ForegroundInfo = foregroundInfo(null)

    private fun foregroundInfo(progress: UploadProgress?): ForegroundInfo {
        val notification = notification(applicationContext, progress)
        return if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.Q) {
            ForegroundInfo(NOTIFICATION_ID, notification, ServiceInfo.FOREGROUND_SERVICE_TYPE_DATA_SYNC)
        } else {
            ForegroundInfo(NOTIFICATION_ID, notification)
        }
    }

    companion object {
        const val ENDPOINT = "endpoint"
        const val PLATFORM_KEY = "platform_public_key"
        const val RECEIVED = "received"
        const val REFUSED = "refused"
        const val PURGED = "households_purged"
        const val WAITING_FOR_UNLOCK = "waiting_for_unlock"
        const val BATCH = "batch"
        const val BATCHES = "batches"
        const val PERCENT = "percent"
        private const val CHANNEL = "hand-over"
        private const val NOTIFICATION_ID = 16

        /** The ongoing notification: indeterminate until the core reports, then batch n of m and its share sent. */
        fun notification(context: Context, progress: UploadProgress?): Notification {
            val manager = context.getSystemService(NotificationManager::class.java)
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.O) {
                manager.createNotificationChannel(NotificationChannel(CHANNEL, "上传批次", NotificationManager.IMPORTANCE_LOW))
            }
            return NotificationCompat.Builder(context, CHANNEL)
                .setSmallIcon(android.R.drawable.stat_sys_upload)
                .setContentTitle("正在交接批次给银行")
                .apply {
                    if (progress == null) {
                        setProgress(0, 0, true)
                    } else {
                        setProgress(100, progress.percent, false)
                        setContentText("第 ${progress.batch}/${progress.batches} 批 · ${progress.percent}%")
                    }
                }
                .setOngoing(true)
                .setOnlyAlertOnce(true)
                .build()
        }
    }
}

private val UploadProgress.percent: Int get() = (fraction * 100).toInt().coerceIn(0, 100)
