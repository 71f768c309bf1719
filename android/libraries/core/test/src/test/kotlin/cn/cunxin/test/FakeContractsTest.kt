package cn.cunxin.test

import cn.cunxin.test.contracts.ResidentIdsContract
import cn.cunxin.test.contracts.RostersContract
import cn.cunxin.test.contracts.ScoringContract
import cn.cunxin.test.contracts.StoreContract
import cn.cunxin.test.fakes.FakeResidentIds
import cn.cunxin.test.fakes.FakeRosters
import cn.cunxin.test.fakes.FakeScoring
import cn.cunxin.test.fakes.FakeStores

/** The fakes pass the same contracts as the real core (impl's tests extend these too). */
class FakeStoreContractTest : StoreContract() {
    private val stores = FakeStores()
    override fun stores() = stores
}

class FakeScoringContractTest : ScoringContract() {
    override fun scoring() = FakeScoring()
}

class FakeRostersContractTest : RostersContract() {
    override fun rosters() = FakeRosters()
}

class FakeResidentIdsContractTest : ResidentIdsContract() {
    override fun residentIds() = FakeResidentIds()
}
