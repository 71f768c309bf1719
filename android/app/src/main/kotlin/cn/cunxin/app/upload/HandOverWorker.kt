package cn.cunxin.app.upload

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
        return when (val run = handOver.run(platform)) {
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

    override suspend fun getForegroundInfo(): ForegroundInfo {
        val manager = applicationContext.getSystemService(NotificationManager::class.java)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.O) {
            manager.createNotificationChannel(NotificationChannel(CHANNEL, "上传批次", NotificationManager.IMPORTANCE_LOW))
        }
        val notification = NotificationCompat.Builder(applicationContext, CHANNEL)
            .setSmallIcon(android.R.drawable.stat_sys_upload)
            .setContentTitle("正在交接批次给银行")
            .setProgress(0, 0, true)
            .setOngoing(true)
            .setOnlyAlertOnce(true)
            .build()
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
        private const val CHANNEL = "hand-over"
        private const val NOTIFICATION_ID = 16
    }
}
