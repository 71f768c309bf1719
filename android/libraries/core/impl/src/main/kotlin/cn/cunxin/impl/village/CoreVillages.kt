package cn.cunxin.impl.village

import cn.cunxin.api.village.PublicNotice
import cn.cunxin.api.village.VillageRollUp
import cn.cunxin.api.village.Villages
import cn.cunxin.impl.core
import cn.cunxin.impl.notInCoreYet
import cn.cunxin.ffi.Store as FfiStore

internal class CoreVillages(private val store: FfiStore) : Villages {
    override suspend fun list(): List<String> = core { store.listHouseholds() }.map { it.village }.distinct()

    override suspend fun rollUp(village: String): VillageRollUp = notInCoreYet("the village roll-up")

    override suspend fun publicNotice(village: String): PublicNotice = notInCoreYet("the public-notice list")
}
