package cn.cunxin.app

import cn.cunxin.api.Cunxin
import cn.cunxin.app.security.FakeKeyWrapper
import cn.cunxin.app.security.KeyWrapper
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.fakes.FakeCunxin
import cn.cunxin.test.fakes.FakeFieldStore
import cn.cunxin.test.fakes.FakeStores

/** The app's own wiring with the fakes behind it: the fake core with one household, and the software keystore. */
class TestCunxinApplication : CunxinApplication() {
    val stores = FakeStores(newStore = { FakeFieldStore(it).apply { add(aHousehold("H001")) } })

    override fun newCunxin(): Cunxin = FakeCunxin(stores = stores)

    override fun newKeyWrapper(): KeyWrapper = FakeKeyWrapper()
}
