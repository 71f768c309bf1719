package cn.cunxin.flow

import cn.cunxin.impl.CoreCunxin
import cn.cunxin.test.contracts.ResidentIdsContract
import cn.cunxin.test.contracts.RostersContract
import cn.cunxin.test.contracts.ScoringContract
import cn.cunxin.test.contracts.StoreContract

/** The contracts the fakes pass, run on the real core: the screens' fakes cannot drift from it. */
class CoreStoreContractTest : StoreContract() {
    private val cunxin = CoreCunxin()
    override fun stores() = cunxin.stores
}

class CoreScoringContractTest : ScoringContract() {
    override fun scoring() = CoreCunxin().scoring
}

class CoreRostersContractTest : RostersContract() {
    override fun rosters() = CoreCunxin().rosters
}

class CoreResidentIdsContractTest : ResidentIdsContract() {
    override fun residentIds() = CoreCunxin().residentIds
}
