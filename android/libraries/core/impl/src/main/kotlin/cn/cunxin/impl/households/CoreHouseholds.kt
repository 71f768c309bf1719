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
import cn.cunxin.ffi.Store as FfiStore
import cn.cunxin.api.households.FieldCheck
import cn.cunxin.api.households.MatchedBy
import cn.cunxin.api.households.MemberDetail
import cn.cunxin.api.households.RosterField
import cn.cunxin.core.CheckState
import cn.cunxin.core.FieldRef
import cn.cunxin.core.HouseholdField
import cn.cunxin.core.MatchKind
import cn.cunxin.core.MemberField
import cn.cunxin.core.SearchQuery
import cn.cunxin.core.FieldCheck as CoreFieldCheck
import cn.cunxin.core.HouseholdDetail as CoreHouseholdDetail
import cn.cunxin.core.NewMember as CoreNewMember
import java.time.LocalDateTime
import java.time.OffsetDateTime
import java.time.ZoneId
import java.time.temporal.ChronoUnit

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

    override suspend fun search(query: String, filter: SearchFilter, limit: Int): List<SearchHit> {
        val coreQuery = SearchQuery(
            text = query,
            village = filter.village,
            group = filter.group,
            states = filter.states.map { it.coreName() },
            revisitDueBy = if (filter.revisitDueOnly) OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString() else null,
            limit = limit.coerceAtLeast(1).toUInt(),
        )
        // Only the hits' lines cross, not the village's thousands (this runs on every keystroke).
        val (hits, lines) = core {
            val hits = store.search(coreQuery)
            hits to store.householdSummaries(hits.map { it.household }.distinct())
        }
        val byId = lines.associateBy { it.id }
        return hits.mapNotNull { hit ->
            val line = byId[hit.household] ?: return@mapNotNull null
            SearchHit(line.toApi(), hit.nameMasked, hit.idMasked, hit.matchedBy.toApi())
        }
    }

    /** The open household most recently written on this device. */
    override suspend fun lastEdited(): String? =
        core { store.listHouseholds() }
            .filter { it.state is LifecycleState.InProgress || it.state is LifecycleState.Reviewed }
            .maxByOrNull { it.updatedAt }?.id

    override suspend fun detail(household: String): HouseholdDetail {
        val (detail, line) = core { store.householdDetail(household) to store.listHouseholds().first { it.id == household } }
        return detail.toApi(line.toApi())
    }

    override suspend fun verify(household: String, member: Int, field: RosterFieldName) {
        core { store.verifyField(household, fieldRef(member, field)) }
    }

    override suspend fun correct(household: String, member: Int, field: RosterFieldName, value: String, reason: String) {
        core { store.correctField(household, fieldRef(member, field), value, reason.ifBlank { null }) }
    }

    override suspend fun addMember(household: String, member: NewMember): Int {
        val added = core {
            store.addMember(household, CoreNewMember(member.name, member.idNumber, member.relation, null, member.phone))
        }
        return added.members.size - 1
    }

    override suspend fun removeMember(household: String, member: Int, reason: String) {
        core { store.removeMember(household, member.toUInt(), reason) }
    }

    /** The core records the former head as 其他 (原户主) with the roster's word kept beside it. */
    override suspend fun changeHead(household: String, member: Int, formerHeadRelation: String, reason: String) {
        core { store.changeHead(household, member.toUInt(), reason) }
    }

    override suspend fun setSideState(household: String, state: SideState) {
        core {
            when (state) {
                SideState.None -> store.resumeVisit(household)
                is SideState.NotHome -> store.markNotHome(household, state.reason, state.revisitAt?.let(::withOffset))
                is SideState.Declined -> store.markDeclined(household, state.reason.orEmpty())
                is SideState.Ineligible -> store.markIneligible(household, state.reason)
            }
        }
    }
}

/** A local date-time from the screen (2026-11-23T18:00) as the core takes it: with this device's offset. */
private fun withOffset(revisitAt: String): String =
    runCatching { LocalDateTime.parse(revisitAt).atZone(ZoneId.systemDefault()).toOffsetDateTime().toString() }
        .getOrDefault(revisitAt)

private fun fieldRef(member: Int, field: RosterFieldName): FieldRef = when (field) {
    RosterFieldName.ADDRESS -> FieldRef.Household(HouseholdField.ADDRESS)
    else -> FieldRef.Member(member.toUInt(), field.toCore())
}

private fun RosterFieldName.toCore(): MemberField = when (this) {
    RosterFieldName.NAME -> MemberField.NAME
    RosterFieldName.ID_NUMBER -> MemberField.ID_NUMBER
    RosterFieldName.SEX -> MemberField.SEX
    RosterFieldName.BIRTH_DATE -> MemberField.BIRTH_DATE
    RosterFieldName.ETHNICITY -> MemberField.ETHNICITY
    RosterFieldName.RELATION -> MemberField.RELATION
    RosterFieldName.PHONE -> MemberField.PHONE
    RosterFieldName.EDUCATION -> MemberField.EDUCATION
    RosterFieldName.OCCUPATION -> MemberField.OCCUPATION
    RosterFieldName.HEALTH -> MemberField.HEALTH
    RosterFieldName.MARITAL_STATUS -> MemberField.MARITAL_STATUS
    RosterFieldName.ADDRESS -> error("the address is a household field")
}

private fun MemberField.toApi(): RosterFieldName = when (this) {
    MemberField.NAME -> RosterFieldName.NAME
    MemberField.ID_NUMBER -> RosterFieldName.ID_NUMBER
    MemberField.SEX -> RosterFieldName.SEX
    MemberField.BIRTH_DATE -> RosterFieldName.BIRTH_DATE
    MemberField.ETHNICITY -> RosterFieldName.ETHNICITY
    MemberField.RELATION -> RosterFieldName.RELATION
    MemberField.PHONE -> RosterFieldName.PHONE
    MemberField.EDUCATION -> RosterFieldName.EDUCATION
    MemberField.OCCUPATION -> RosterFieldName.OCCUPATION
    MemberField.HEALTH -> RosterFieldName.HEALTH
    MemberField.MARITAL_STATUS -> RosterFieldName.MARITAL_STATUS
}

private fun CoreFieldCheck?.toApi(): FieldCheck = when (this?.state) {
    null -> FieldCheck.UNCHECKED
    CheckState.VERIFIED -> FieldCheck.VERIFIED
    CheckState.CORRECTED -> FieldCheck.CORRECTED
}

private fun MatchKind?.toApi(): MatchedBy = when (this) {
    MatchKind.NAME, null -> MatchedBy.NAME
    MatchKind.HOUSEHOLD -> MatchedBy.HOUSEHOLD
    MatchKind.INITIALS -> MatchedBy.INITIALS
    MatchKind.ID_TAIL -> MatchedBy.ID_TAIL
    MatchKind.PHONE_TAIL -> MatchedBy.PHONE_TAIL
}

/** The state's name as the core's search filter takes it. */
private fun HouseholdState.coreName(): String = name.lowercase()

private fun LifecycleState.sideState(): SideState = when (this) {
    is LifecycleState.NotHome -> SideState.NotHome(reason, revisitAt)
    is LifecycleState.Declined -> SideState.Declined(reason)
    is LifecycleState.Ineligible -> SideState.Ineligible(reason)
    else -> SideState.None
}

private fun CoreHouseholdDetail.toApi(line: HouseholdLine): HouseholdDetail {
    val value = { f: HouseholdField -> householdFields.firstOrNull { it.field == f } }
    val address = value(HouseholdField.ADDRESS)
    val members = members.map { m ->
        val fields = m.fields.map { RosterField(it.field.toApi(), it.value, it.check.toApi(), it.check?.original, it.check?.reason) }
        // The address is the household's; the screen shows it with the head's fields.
        val withAddress = if (m.isHead && address != null) {
            fields + RosterField(RosterFieldName.ADDRESS, address.value, address.check.toApi(), address.check?.original, address.check?.reason)
        } else fields
        MemberDetail(m.position.toInt(), m.isHead, m.nameMasked, m.idMasked, withAddress, departmentRecords = null)
    }
    val removed = removedMembers.mapIndexed { i, r ->
        MemberDetail(members.size + i, false, r.nameMasked, r.idMasked, emptyList(), departmentRecords = null, removed = true)
    }
    return HouseholdDetail(
        line = line,
        address = address?.value.orEmpty(),
        land = value(HouseholdField.LAND)?.value.orEmpty(),
        members = members + removed,
        sideState = state.sideState(),
        factsRevision = null,
        history = emptyList(),
    )
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
