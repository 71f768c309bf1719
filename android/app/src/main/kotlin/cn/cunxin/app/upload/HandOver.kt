package cn.cunxin.app.upload

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.handover.HandOverOutcome
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.handover.UploadProgress
import cn.cunxin.app.security.StoreSession

/** Where the bank's platform takes batches; both come with the tablet's provisioning. */
data class Platform(val endpoint: String, val publicKey: String)

/** How one run of the background hand-over ended. */
sealed interface HandOverRun {
    data class Done(val outcomes: List<HandOverOutcome>) : HandOverRun

    /** The device credential is not fresh: the grid manager must unlock the app. */
    data object StoreLocked : HandOverRun

    /** No network, a cut or an unavailable platform; the core kept every byte and offset. */
    data class TryLater(val reason: String) : HandOverRun
}

/** The worker's one call; the real one is [CoreHandOver], tests give their own. [onProgress] is called on the core's thread. */
fun interface HandOver {
    suspend fun run(platform: Platform, onProgress: (UploadProgress) -> Unit): HandOverRun
}

/**
 * The core's hand-over on the session's store: it resumes every sealed batch where the last
 * run stopped (the core persists the upload offsets), verifies receipts and purges.
 */
class CoreHandOver(private val session: StoreSession, private val http: HttpClient) : HandOver {
    override suspend fun run(platform: Platform, onProgress: (UploadProgress) -> Unit): HandOverRun = try {
        session.borrow { store ->
            // The provisioning's platform is the store's: the core reads both from its settings.
            store.settings.setUploadAddress(platform.endpoint)
            store.settings.setPlatformKey(platform.publicKey)
            store.batches.handOver(http, onProgress)
        }?.let(HandOverRun::Done) ?: HandOverRun.StoreLocked
    } catch (e: CunxinFailure) {
        if (e.code != FailureCode.NETWORK) throw e
        HandOverRun.TryLater(e.detail)
    }
}
