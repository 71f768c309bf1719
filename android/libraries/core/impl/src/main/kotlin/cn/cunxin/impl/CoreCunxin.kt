package cn.cunxin.impl

import cn.cunxin.api.Cunxin
import cn.cunxin.api.intake.ResidentIds
import cn.cunxin.api.intake.Rosters
import cn.cunxin.api.scoring.Scoring
import cn.cunxin.api.unlock.Stores
import cn.cunxin.impl.intake.CoreResidentIds
import cn.cunxin.impl.intake.CoreRosters
import cn.cunxin.impl.scoring.CoreScoring
import cn.cunxin.impl.unlock.CoreStores

/** The api backed by the Rust core, loaded through the generated uniffi bindings. */
class CoreCunxin : Cunxin {
    override val residentIds: ResidentIds = CoreResidentIds()
    override val rosters: Rosters = CoreRosters()
    override val scoring: Scoring = CoreScoring()
    override val stores: Stores = CoreStores()
}
