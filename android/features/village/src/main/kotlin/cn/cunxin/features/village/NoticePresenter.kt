package cn.cunxin.features.village

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.settings.NoticeContact
import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.village.PublicNotice
import cn.cunxin.architecture.CoreResult
import cn.cunxin.architecture.CoroutineDispatchers
import cn.cunxin.architecture.Presenter
import kotlinx.coroutines.CoroutineScope
import java.io.File
import java.io.IOException
import java.time.LocalDate

/**
 * The public-notice list (公示) of one village: its credit households as the core masks them,
 * the notice period (at least [MIN_NOTICE_DAYS] days from the branch's start date), where
 * objections go (kept in the store's settings), and the printable page written to a folder from
 * [pickFolder].
 */
class NoticePresenter(
    private val store: FieldStore,
    private val pickFolder: suspend () -> String?,
    scope: CoroutineScope,
    dispatchers: CoroutineDispatchers,
    today: LocalDate = LocalDate.now(),
    village: String? = null,
) : Presenter<NoticeState, NoticeEvent>(NoticeState(village = village, startText = today.toString()), scope, dispatchers) {
    init {
        launch { load(village) }
    }

    override fun onEvent(event: NoticeEvent) {
        when (event) {
            is NoticeEvent.VillageChosen -> if (event.village != current.village) launch { load(event.village) }
            is NoticeEvent.StartChanged -> setState { it.copy(startText = event.text, writtenTo = null) }
            is NoticeEvent.DaysChanged -> setState { it.copy(daysText = event.text, writtenTo = null) }
            is NoticeEvent.BranchChanged -> setState { it.copy(branchText = event.text, contactRefused = false, contactJustSaved = false) }
            is NoticeEvent.TelephoneChanged -> setState { it.copy(telephoneText = event.text, contactRefused = false, contactJustSaved = false) }
            NoticeEvent.SaveContact -> saveContact()
            NoticeEvent.WritePage -> if (current.canWrite) writePage()
            NoticeEvent.Refresh -> launch { load(current.village) }
        }
    }

    private fun saveContact() {
        val typed = NoticeContact(current.branchText.trim(), current.telephoneText.trim())
        if (typed.problem != null) {
            setState { it.copy(contactRefused = true, contactJustSaved = false) }
            return
        }
        launch {
            when (val saved = core { store.settings.setNoticeContact(typed); store.settings.noticeContact() }) {
                is CoreResult.Done -> setState { it.copy(contact = saved.value, contactRefused = false, contactJustSaved = true, failure = null) }
                is CoreResult.Failed -> setState { it.copy(failure = saved.failure) }
            }
        }
    }

    private fun writePage() {
        val notice = current.notice!!
        val period = current.period!!
        val contact = current.contact!!
        launch {
            val folder = pickFolder() ?: return@launch
            setState { it.copy(writing = true, writtenTo = null, failure = null) }
            val written = core { write(File(folder), NoticePage.fileName(notice.village, period), NoticePage.html(notice, period, contact)) }
            setState {
                when (written) {
                    is CoreResult.Done -> it.copy(writing = false, writtenTo = written.value)
                    is CoreResult.Failed -> it.copy(writing = false, failure = written.failure)
                }
            }
        }
    }

    /** Writes through a temporary file, so a half-written page is never left under the notice's name. */
    private fun write(folder: File, name: String, html: String): String = try {
        val target = File(folder, name)
        val partial = File(folder, "$name.partial")
        partial.writeText(html, Charsets.UTF_8)
        if (!partial.renameTo(target)) {
            partial.copyTo(target, overwrite = true)
            partial.delete()
        }
        target.path
    } catch (e: IOException) {
        throw CunxinFailure(FailureCode.STORAGE, "the notice page could not be written to the chosen folder (${e.javaClass.simpleName})", cause = e)
    }

    /** The villages, the chosen one's notice and the kept contact; a village no longer in the store falls back to the first. */
    private suspend fun load(village: String?) {
        setState { it.copy(loading = true, village = village ?: it.village, writtenTo = null, failure = null) }
        val loaded = core {
            val list = store.villages.list()
            val chosen = village?.takeIf { it in list } ?: list.firstOrNull()
            val notice = chosen?.let { store.villages.publicNotice(it) }
            Loaded(list, chosen, notice?.inGroupOrder(), store.settings.noticeContact())
        }
        when (loaded) {
            is CoreResult.Failed -> setState { it.copy(loading = false, notice = null, failure = loaded.failure) }
            is CoreResult.Done -> setState {
                val l = loaded.value
                // What the branch is typing stays; the kept contact fills empty fields.
                it.copy(
                    loading = false, villages = l.villages, village = l.village, notice = l.notice, contact = l.contact,
                    branchText = it.branchText.ifEmpty { l.contact?.branch.orEmpty() },
                    telephoneText = it.telephoneText.ifEmpty { l.contact?.telephone.orEmpty() },
                )
            }
        }
    }

    private data class Loaded(val villages: List<String>, val village: String?, val notice: PublicNotice?, val contact: NoticeContact?)
}
