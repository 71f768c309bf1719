package cn.cunxin.features.village

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.settings.NoticeContact
import cn.cunxin.features.village.VillageFixtures.A
import cn.cunxin.features.village.VillageFixtures.AA
import cn.cunxin.features.village.VillageFixtures.AAA
import cn.cunxin.features.village.VillageFixtures.CREDIT
import cn.cunxin.features.village.VillageFixtures.INELIGIBLE
import cn.cunxin.features.village.VillageFixtures.scored
import cn.cunxin.test.fakes.FakeFieldStore
import kotlinx.coroutines.runBlocking

/** The notice screen's states worth seeing, each read from a fake store. */
object NoticeStateProvider {
    private val contact = NoticeContact("城关支行", "0379-6321 0000")
    private const val START = "2026-12-03"

    private fun FakeFieldStore.state(village: String, contact: NoticeContact? = this@NoticeStateProvider.contact): NoticeState = runBlocking {
        NoticeState(
            loading = false, villages = villages.list(), village = village, notice = villages.publicNotice(village).inGroupOrder(), startText = START,
            branchText = contact?.branch.orEmpty(), telephoneText = contact?.telephone.orEmpty(), contact = contact,
        )
    }

    private fun typical() = VillageFixtures.sampleVillage().apply {
        listOf("H001" to AAA, "H002" to AA, "H003" to AA, "H004" to A, "H005" to INELIGIBLE, "H007" to CREDIT).forEach { (h, e) -> scored(h, e) }
    }

    val states: List<Pair<String, NoticeState>> by lazy {
        listOf(
            "loading" to NoticeState(startText = START),
            "error" to NoticeState(loading = false, startText = START, failure = CunxinFailure(FailureCode.STORE_DAMAGED, "the households table cannot be read")),
            "empty" to VillageFixtures.sampleVillage().state("王庄村", contact = null),
            "typical" to typical().state("王庄村").copy(writtenTo = "/media/usb/公示-王庄村-2026-12-03.html"),
            "long" to VillageFixtures.madeUpVillage(264, 12, 190, listOf(AA, A, AAA, A, CREDIT, AA)).state("河西村"),
            "too-short" to typical().state("王庄村").copy(daysText = "5"),
        )
    }
}
