package cn.cunxin.test.fakes

import cn.cunxin.api.Cunxin

/** The whole api on fakes, one scorecard fake shared by scoring and the stores' visits. */
class FakeCunxin(
    override val scoring: FakeScoring = FakeScoring(),
    override val residentIds: FakeResidentIds = FakeResidentIds(),
    override val rosters: FakeRosters = FakeRosters(),
    override val stores: FakeStores = FakeStores(scoring),
) : Cunxin
