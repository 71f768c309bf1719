package cn.cunxin.features.village

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.features.village.VillageFixtures.A
import cn.cunxin.features.village.VillageFixtures.AA
import cn.cunxin.features.village.VillageFixtures.AAA
import cn.cunxin.features.village.VillageFixtures.CREDIT
import cn.cunxin.features.village.VillageFixtures.EVALUATED_ONLY
import cn.cunxin.features.village.VillageFixtures.INELIGIBLE
import cn.cunxin.features.village.VillageFixtures.scored
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.fakes.FakeFieldStore
import kotlinx.coroutines.runBlocking

/** The dashboard's states worth seeing, each read from a fake store holding such a village. */
object DashboardStateProvider {
    private val villages = listOf("王庄村", "李家寨", "河西村")

    private fun FakeFieldStore.state(village: String): DashboardState = runBlocking {
        val listed = this@state.villages.list()
        DashboardState(loading = false, villages = listed, village = village, rollUp = this@state.villages.rollUp(village))
    }

    /** The sample village with a second village beside it, so the chooser has a choice. */
    private fun sample(block: FakeFieldStore.() -> Unit = {}) = VillageFixtures.sampleVillage().apply {
        add(aHousehold("H100", village = "李家寨"))
        block()
    }

    val states: List<Pair<String, DashboardState>> by lazy {
        listOf(
            "loading" to DashboardState(villages = villages, village = "王庄村"),
            "error" to DashboardState(loading = false, villages = villages, village = "王庄村", failure = CunxinFailure(FailureCode.STORE_DAMAGED, "the households table cannot be read")),
            "empty" to sample().state("王庄村"),
            "typical" to sample {
                listOf("H001" to AAA, "H002" to AA, "H003" to AA, "H004" to A, "H005" to INELIGIBLE, "H007" to CREDIT).forEach { (h, e) -> scored(h, e) }
            }.state("王庄村"),
            "long" to VillageFixtures.madeUpVillage(264, 12, 190, listOf(AA, A, AAA, A, CREDIT, EVALUATED_ONLY, AA, INELIGIBLE)).state("河西村"),
            "met" to VillageFixtures.madeUpVillage(60, 4, 56, listOf(AA, A, AAA, AA, CREDIT, A)).state("河西村"),
            "not-met" to VillageFixtures.madeUpVillage(60, 4, 38, listOf(AA, EVALUATED_ONLY, INELIGIBLE, A, EVALUATED_ONLY)).state("河西村"),
        )
    }
}
