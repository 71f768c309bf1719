package cn.cunxin.features.consents

import cn.cunxin.api.consents.Consents
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.Presenter
import kotlinx.coroutines.CoroutineScope

/**
 * The two consents, each its own versioned text shown in full: signed on the pad (undo, clear, an
 * empty pad refused before anything is stored) or refused with the resident's reason.
 */
class ConsentsPresenter(
    household: String,
    private val consents: Consents,
    defaultSigner: String,
    private val place: String?,
    private val signatureImage: SignatureImage = ComposeSignatureImage,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
) : Presenter<ConsentsState, ConsentsEvent>(ConsentsState(household, signer = defaultSigner), scope, dispatchers) {
    private val id = household

    init {
        launch { reload() }
    }

    override fun onEvent(event: ConsentsEvent) {
        when (event) {
            is ConsentsEvent.Choose -> setState { it.copy(kind = event.kind, strokes = emptyList(), refusing = false, emptySignature = false, failure = null) }
            is ConsentsEvent.SignerChanged -> setState { it.copy(signer = event.name) }
            is ConsentsEvent.StrokeStarted -> setState { it.copy(strokes = it.strokes + listOf(listOf(event.at)), emptySignature = false) }
            is ConsentsEvent.StrokeExtended -> setState { s ->
                if (s.strokes.isEmpty()) s else s.copy(strokes = s.strokes.dropLast(1) + listOf(s.strokes.last() + event.to))
            }
            ConsentsEvent.Undo -> setState { it.copy(strokes = it.strokes.dropLast(1)) }
            ConsentsEvent.Clear -> setState { it.copy(strokes = emptyList()) }
            ConsentsEvent.Sign -> sign()
            ConsentsEvent.StartRefusal -> setState { it.copy(refusing = true) }
            is ConsentsEvent.RefusalReasonChanged -> setState { it.copy(refusalReason = event.text) }
            ConsentsEvent.CancelRefusal -> setState { it.copy(refusing = false, refusalReason = "") }
            ConsentsEvent.ConfirmRefusal -> refuse()
        }
    }

    private fun sign() {
        val state = current
        if (!state.hasSignature) {
            setState { it.copy(emptySignature = true) }
            return
        }
        setState { it.copy(busy = true, failure = null) }
        launch {
            val png = signatureImage.png(state.strokes, PAD_WIDTH, PAD_HEIGHT)
            when (val signed = core { consents.sign(id, state.kind, state.signer.trim(), place, png) }) {
                is CoreResult.Done -> {
                    setState { it.copy(busy = false, strokes = emptyList()) }
                    reload()
                }
                is CoreResult.Failed -> setState { it.copy(busy = false, failure = signed.failure) }
            }
        }
    }

    private fun refuse() {
        val state = current
        if (state.refusalReason.isBlank()) return
        setState { it.copy(busy = true, failure = null) }
        launch {
            when (val refused = core { consents.refuse(id, state.kind, state.signer.trim(), state.refusalReason.trim()) }) {
                is CoreResult.Done -> {
                    setState { it.copy(busy = false, refusing = false, refusalReason = "") }
                    reload()
                }
                is CoreResult.Failed -> setState { it.copy(busy = false, failure = refused.failure) }
            }
        }
    }

    private suspend fun reload() {
        when (val loaded = core { consents.texts() to consents.list(id) }) {
            is CoreResult.Failed -> setState { it.copy(loading = false, failure = loaded.failure) }
            is CoreResult.Done -> setState { it.copy(loading = false, texts = loaded.value.first, records = loaded.value.second) }
        }
    }

    companion object {
        /** The pad's size in dp, which is also the signature image's size in pixels. */
        const val PAD_WIDTH = 480
        const val PAD_HEIGHT = 200
    }
}
