package cn.cunxin.impl.village

import cn.cunxin.api.village.GroupRollUp
import cn.cunxin.api.village.Lending
import cn.cunxin.api.village.NoticeLine
import cn.cunxin.api.village.PublicNotice
import cn.cunxin.api.village.Verdict
import cn.cunxin.api.village.VillageRollUp
import cn.cunxin.api.village.Villages
import cn.cunxin.impl.core
import cn.cunxin.impl.settings.CoreStoreSettings
import cn.cunxin.core.Lending as CoreLending
import cn.cunxin.core.Verdict as CoreVerdict
import cn.cunxin.ffi.Store as FfiStore

internal class CoreVillages(private val store: FfiStore, private val settings: CoreStoreSettings) : Villages {
    override suspend fun list(): List<String> = core { store.listHouseholds() }.map { it.village }.distinct()

    override suspend fun rollUp(village: String): VillageRollUp {
        val scorecard = settings.scorecard()
        val r = core { store.villageRollup(village, scorecard) }
        return VillageRollUp(
            village = r.village,
            households = r.households.toInt(),
            evaluated = r.evaluated.toInt(),
            eligible = r.eligible.toInt(),
            creditHouseholds = r.creditHouseholds.toInt(),
            creditSharePermille = r.creditSharePermille,
            grades = r.grades.associate { it.grade to it.households.toInt() },
            proposedTotalYuan = r.totalProposedLimitYuan,
            coveragePermille = r.coveragePermille,
            coverageTargetMet = r.coverageTargetMet,
            creditVillage = r.creditVillage.toApi(),
            creditVillageSeed002 = r.creditVillageSeed002.toApi(),
            lending = r.lending.toApi(),
            byGroup = r.groups.map { GroupRollUp(it.group, it.households.toInt(), it.evaluated.toInt(), it.creditHouseholds.toInt()) },
        )
    }

    override suspend fun publicNotice(village: String): PublicNotice {
        val scorecard = settings.scorecard()
        val n = core { store.publicNotice(village, scorecard) }
        return PublicNotice(
            n.village,
            n.scorecard,
            n.scorecardVersion,
            n.lines.map { NoticeLine(it.group, it.headNameMasked, it.headIdMasked, it.grade, it.proposedLimitYuan) },
        )
    }
}

private fun CoreVerdict.toApi(): Verdict = when (this) {
    CoreVerdict.PASS -> Verdict.PASS
    CoreVerdict.FAIL -> Verdict.FAIL
    CoreVerdict.UNKNOWN -> Verdict.UNKNOWN
}

private fun CoreLending.toApi(): Lending = when (this) {
    CoreLending.OPEN -> Lending.OPEN
    CoreLending.SUSPENDED -> Lending.SUSPENDED
    CoreLending.UNKNOWN -> Lending.UNKNOWN
}
