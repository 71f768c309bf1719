package cn.cunxin.app.upload

import android.app.Notification
import android.content.Context
import androidx.test.core.app.ApplicationProvider
import androidx.work.BackoffPolicy
import androidx.work.ListenableWorker
import androidx.work.NetworkType
import androidx.work.testing.TestListenableWorkerBuilder
import androidx.work.workDataOf
import cn.cunxin.api.handover.HandOverOutcome
import cn.cunxin.api.handover.ReturnedHousehold
import cn.cunxin.api.handover.UploadProgress
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import java.util.concurrent.TimeUnit

/** The worker's glue on Robolectric with work-testing; the hand-over itself is the core's (impl's HandOverTest). */
@RunWith(RobolectricTestRunner::class)
class HandOverWorkerTest {
    private val context: Context = ApplicationProvider.getApplicationContext()
    private val platform = Platform("http://127.0.0.1:9/files/", "untrusted comment: minisign public key\nRWQ")
    private val asked = mutableListOf<Platform>()

    private fun worker(run: HandOverRun, reports: List<UploadProgress> = emptyList(), input: Map<String, String> = mapOf(
        HandOverWorker.ENDPOINT to platform.endpoint,
        HandOverWorker.PLATFORM_KEY to platform.publicKey,
    )) = TestListenableWorkerBuilder<HandOverWorker>(context)
        .setWorkerFactory(HandOverWorkerFactory { HandOver { given, onProgress -> asked += given; reports.forEach(onProgress); run } })
        .setInputData(workDataOf(*input.toList().toTypedArray()))
        .build()

    @Test
    fun `a finished hand-over succeeds with what was received, refused and purged`() = runBlocking {
        val outcomes = listOf(
            HandOverOutcome.Received("B1", "R1", listOf("H001", "H003"), listOf(ReturnedHousehold("H002", "missing consent")), 9),
            HandOverOutcome.Refused("B2", "unknown device"),
        )
        val result = worker(HandOverRun.Done(outcomes)).doWork()
        assertEquals(listOf(platform), asked)
        val data = (result as ListenableWorker.Result.Success).outputData
        assertEquals(1, data.getInt(HandOverWorker.RECEIVED, -1))
        assertEquals(1, data.getInt(HandOverWorker.REFUSED, -1))
        assertEquals(2, data.getInt(HandOverWorker.PURGED, -1))
    }

    @Test
    fun `a cut connection and a locked store are retried, with backoff`() = runBlocking {
        assertEquals(ListenableWorker.Result.retry(), worker(HandOverRun.TryLater("connection reset")).doWork())
        assertEquals(ListenableWorker.Result.retry(), worker(HandOverRun.StoreLocked).doWork())
    }

    @Test
    fun `a request without the platform fails without calling the core`() = runBlocking {
        assertEquals(ListenableWorker.Result.failure(), worker(HandOverRun.Done(emptyList()), input = emptyMap()).doWork())
        assertTrue(asked.isEmpty())
    }

    @Test
    fun `it shows an ongoing upload notification as a data-sync foreground service`() = runBlocking {
        val info = worker(HandOverRun.Done(emptyList())).getForegroundInfo()
        assertEquals(android.content.pm.ServiceInfo.FOREGROUND_SERVICE_TYPE_DATA_SYNC, info.foregroundServiceType)
        val notification = info.notification
        assertEquals("正在交接批次给银行", notification.extras.getString(Notification.EXTRA_TITLE))
        assertTrue(notification.flags and Notification.FLAG_ONGOING_EVENT != 0)
        assertEquals("hand-over", notification.channelId)
        assertTrue("no progress reported yet", notification.extras.getBoolean(Notification.EXTRA_PROGRESS_INDETERMINATE))
    }

    @Test
    fun `the notification shows the core's progress, the batch and its share sent`() {
        val notification = HandOverWorker.notification(context, UploadProgress("B2", 2, 3, 450, 1000))
        assertEquals(false, notification.extras.getBoolean(Notification.EXTRA_PROGRESS_INDETERMINATE))
        assertEquals(100, notification.extras.getInt(Notification.EXTRA_PROGRESS_MAX))
        assertEquals(45, notification.extras.getInt(Notification.EXTRA_PROGRESS))
        assertEquals("第 2/3 批 · 45%", notification.extras.getCharSequence(Notification.EXTRA_TEXT).toString())
    }

    @Test
    fun `progress reported during the run does not change how it ends`() = runBlocking {
        val reports = listOf(UploadProgress("B1", 1, 1, 0, 200), UploadProgress("B1", 1, 1, 100, 200), UploadProgress("B1", 1, 1, 200, 200))
        val result = worker(HandOverRun.Done(emptyList()), reports).doWork()
        assertTrue(result is ListenableWorker.Result.Success)
    }

    @Test
    fun `the request waits for an unmetered network and backs off exponentially from 30 s`() {
        val spec = HandOverScheduler.request(platform).workSpec
        assertEquals(NetworkType.UNMETERED, spec.constraints.requiredNetworkType)
        assertEquals(BackoffPolicy.EXPONENTIAL, spec.backoffPolicy)
        assertEquals(TimeUnit.SECONDS.toMillis(30), spec.backoffDelayDuration)
        assertEquals(platform.endpoint, spec.input.getString(HandOverWorker.ENDPOINT))
    }
}
