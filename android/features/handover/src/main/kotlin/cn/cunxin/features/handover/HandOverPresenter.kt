package cn.cunxin.features.handover

import cn.cunxin.api.FailureCode
import cn.cunxin.api.handover.HandOverOutcome
import cn.cunxin.api.handover.HttpClient
import cn.cunxin.api.store.FieldStore
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.Presenter
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext

/**
 * The hand-over centre at the branch: seal what is finalized, upload every waiting batch over
 * [http] (pausable; it resumes), take the bank's receipts (which purge only once they verify),
 * reopen the households the bank returned, and the USB way through a folder from [pickFolder].
 */
class HandOverPresenter(
    private val store: FieldStore,
    private val http: HttpClient,
    private val pickFolder: suspend () -> String?,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
) : Presenter<HandOverState, HandOverEvent>(HandOverState(), scope, dispatchers) {
    private var upload: Job? = null

    init {
        launch { reload() }
    }

    override fun onEvent(event: HandOverEvent) {
        when (event) {
            HandOverEvent.Seal -> if (current.canSeal) run(Work.SEAL) {
                store.batches.seal { progress -> setState { it.copy(sealProgress = progress) } }
            }
            HandOverEvent.HandOver -> if (current.canHandOver) upload = run(Work.HAND_OVER) {
                val outcomes = store.batches.handOver(http) { progress -> setState { it.copy(upload = progress) } }
                taken(outcomes)
            }
            HandOverEvent.Pause -> upload?.takeIf { it.isActive }?.let {
                setState { s -> s.copy(paused = true) }
                it.cancel()
            }
            is HandOverEvent.Reopen -> if (current.reopenable(event.household)) {
                val reason = current.batches.flatMap { it.returned }.first { it.household == event.household }.reason
                run(Work.REOPEN) { store.visits.reopen(event.household, reason) }
            }
            HandOverEvent.ExportToUsb -> usb(Work.EXPORT) { folder ->
                val written = store.batches.exportTo(folder)
                setState { it.copy(exportedFiles = written.size) }
            }
            HandOverEvent.ImportFromUsb -> usb(Work.IMPORT) { folder ->
                val outcomes = store.batches.importAnswers(folder)
                taken(outcomes)
                setState { it.copy(answersImported = outcomes.size) }
            }
            HandOverEvent.Refresh -> launch { reload() }
        }
    }

    private fun taken(outcomes: List<HandOverOutcome>) {
        val destroyed = outcomes.filterIsInstance<HandOverOutcome.Received>().associate { it.batchId to it.filesDestroyed }
        setState { it.copy(filesDestroyed = it.filesDestroyed + destroyed) }
    }

    private fun usb(work: Work, block: suspend (String) -> Unit) {
        if (current.working != null || current.loading) return
        launch {
            val folder = pickFolder() ?: return@launch
            run(work) { block(folder) }.join()
        }
    }

    /** Runs one long call; whatever happens (done, failed, paused) the screen reloads what the store now holds. */
    private fun run(work: Work, block: suspend () -> Any?): Job {
        setState { it.copy(working = work, failure = null, paused = false, sealProgress = null, upload = null, exportedFiles = null, answersImported = null) }
        return launch {
            try {
                val result = core { block() }
                // A pause is the grid manager's choice, not a failure to show.
                val paused = result is CoreResult.Failed && result.failure.code == FailureCode.CANCELLED && current.paused
                if (result is CoreResult.Failed && !paused) setState { it.copy(failure = result.failure) }
            } finally {
                withContext(NonCancellable) {
                    setState { it.copy(working = null) }
                    reload()
                }
            }
        }
    }

    private suspend fun reload() {
        val loaded = core {
            val batches = store.batches.list()
            val returned = batches.flatMap { it.returned }.map { it.household }.toSet()
            val states = if (returned.isEmpty()) emptyMap() else store.households.list().filter { it.id in returned }.associate { it.id to it.state }
            Triple(store.batches.waiting(), batches, states)
        }
        when (loaded) {
            is CoreResult.Failed -> setState { it.copy(loading = false, failure = loaded.failure) }
            is CoreResult.Done -> {
                val (waiting, batches, states) = loaded.value
                setState { it.copy(loading = false, waiting = waiting, batches = batches, returnedStates = states) }
            }
        }
    }
}
