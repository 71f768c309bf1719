package cn.cunxin.test.fakes

import cn.cunxin.api.Cunxin

/** The whole api on fakes, sharing one scorecard fake between scoring and the stores' estimates. */
class FakeCunxin(
    override val scoring: FakeScoring = FakeScoring(),
    override val residentIds: FakeResidentIds = FakeResidentIds(),
    override val rosters: FakeRosters = FakeRosters(),
    override val stores: FakeStores = FakeStores { FakeFieldStore(scoring = scoring) },
) : Cunxin
