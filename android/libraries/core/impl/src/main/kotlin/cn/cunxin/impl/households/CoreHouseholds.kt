package cn.cunxin.impl.households

import cn.cunxin.api.households.GroupProgress
import cn.cunxin.api.households.HouseholdDetail
import cn.cunxin.api.households.HouseholdLine
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.Households
import cn.cunxin.api.households.NewMember
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.households.RosterImport
import cn.cunxin.api.households.SearchFilter
import cn.cunxin.api.households.SearchHit
import cn.cunxin.api.households.SideState
import cn.cunxin.core.HouseholdSummary
import cn.cunxin.core.LifecycleState
import cn.cunxin.ffi.checkRosterFile
import cn.cunxin.impl.core
import cn.cunxin.impl.intake.toApi
import cn.cunxin.impl.notInCoreYet
import cn.cunxin.ffi.Store as FfiStore

internal class CoreHouseholds(private val store: FfiStore) : Households {
    override suspend fun importRoster(path: String): RosterImport {
        val report = core { checkRosterFile(path) }.toApi()
        val imported = core { store.importRoster(path) }
        return RosterImport(
            imported.inserted.toInt(), imported.updated.toInt(), imported.unchanged.toInt(), imported.skippedVisited, report,
        )
    }

    override suspend fun list(): List<HouseholdLine> = core { store.listHouseholds() }.map { it.toApi() }

    override suspend fun progress(): List<GroupProgress> =
        list().groupBy { it.village to it.group }.map { (place, lines) ->
            GroupProgress(place.first, place.second, lines.groupingBy { it.state }.eachCount(), lines.count { it.revisitDue })
        }

    override suspend fun search(query: String, filter: SearchFilter, limit: Int): List<SearchHit> = notInCoreYet("search over the store")

    override suspend fun lastEdited(): String? = notInCoreYet("the household last edited")

    override suspend fun detail(household: String): HouseholdDetail = notInCoreYet("household detail")

    override suspend fun verify(household: String, member: Int, field: RosterFieldName) = notInCoreYet("verifying a roster field")

    override suspend fun correct(household: String, member: Int, field: RosterFieldName, value: String, reason: String) =
        notInCoreYet("correcting a roster field")

    override suspend fun addMember(household: String, member: NewMember): Int = notInCoreYet("adding a member")

    override suspend fun removeMember(household: String, member: Int, reason: String) = notInCoreYet("removing a member")

    override suspend fun changeHead(household: String, member: Int, formerHeadRelation: String, reason: String) =
        notInCoreYet("changing the head")

    override suspend fun setSideState(household: String, state: SideState) = notInCoreYet("side states")
}

internal fun HouseholdSummary.toApi() = HouseholdLine(
    id = id,
    town = town,
    village = village,
    group = group,
    state = state.toApi(),
    headNameMasked = headNameMasked,
    headIdMasked = headIdMasked,
    members = members.toInt(),
    photos = photos.toInt(),
    receipt = receipt,
)

internal fun LifecycleState.toApi(): HouseholdState = when (this) {
    is LifecycleState.Imported -> HouseholdState.IMPORTED
    is LifecycleState.Reviewed -> HouseholdState.REVIEWED
    is LifecycleState.InProgress -> HouseholdState.IN_PROGRESS
    is LifecycleState.Finalized -> HouseholdState.FINALIZED
    is LifecycleState.Sealed -> HouseholdState.SEALED
    is LifecycleState.Uploaded -> HouseholdState.UPLOADED
    is LifecycleState.Purged -> HouseholdState.PURGED
    is LifecycleState.NotHome -> HouseholdState.NOT_HOME
    is LifecycleState.Declined -> HouseholdState.DECLINED
    is LifecycleState.Ineligible -> HouseholdState.INELIGIBLE
}
