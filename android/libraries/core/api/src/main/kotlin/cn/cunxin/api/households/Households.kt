package cn.cunxin.api.households

import cn.cunxin.api.intake.RosterReport

/**
 * The grid manager's work: the roster in the store, households and their members. Every
 * verification or correction of a roster field is saved and audited when the call returns.
 * A change to a household that is finalized or later is NOT_ALLOWED_IN_STATE (reopen it first).
 */
interface Households {
    /**
     * Checks a roster file and loads its usable households into the store; households already
     * visited are kept as they are. The report lists every problem row by row.
     */
    suspend fun importRoster(path: String): RosterImport

    /** Every household, masked, in roster order. */
    suspend fun list(): List<HouseholdLine>

    /** Progress counts per village and group, for the work list's headers. */
    suspend fun progress(): List<GroupProgress>

    /**
     * Search as you type: name, pinyin initials ("wcm"), the last digits of an ID or phone
     * number, or a household number; narrowed by [filter]. Lines are masked.
     */
    suspend fun search(query: String, filter: SearchFilter = SearchFilter(), limit: Int = 50): List<SearchHit>

    /** The household last edited on this device ("continue where I left off"), if any is still open. */
    suspend fun lastEdited(): String?

    /** Every roster field of every member, with its verification, the photos' summary and the history. */
    suspend fun detail(household: String): HouseholdDetail

    /** Marks a roster field as checked against the ID card or the resident's word. */
    suspend fun verify(household: String, member: Int, field: RosterFieldName)

    /** Corrects a roster field; the original value is kept beside it and the reason audited. */
    suspend fun correct(household: String, member: Int, field: RosterFieldName, value: String, reason: String)

    /** Adds a member (the new member's ID number is checked); returns the new member's index. */
    suspend fun addMember(household: String, member: NewMember): Int

    /** Removes a member (moved away, deceased …) with the reason; the head cannot be removed, change the head first. */
    suspend fun removeMember(household: String, member: Int, reason: String)

    /** Makes [member] the head of household; the former head becomes [formerHeadRelation]. */
    suspend fun changeHead(household: String, member: Int, formerHeadRelation: String, reason: String)

    /** Sets the side state (not home, declined, ineligible) or takes the household back to the visit ([SideState.None]). */
    suspend fun setSideState(household: String, state: SideState)
}

data class RosterImport(
    val inserted: Int,
    val updated: Int,
    val unchanged: Int,
    /** Households already visited, which the roster did not overwrite (masked ids). */
    val keptVisited: List<String>,
    /** The data-problem report of the file; rows with errors were not loaded. */
    val report: RosterReport,
)

/** Where a household is in its life. */
enum class HouseholdState {
    IMPORTED, REVIEWED, IN_PROGRESS, FINALIZED, SEALED, UPLOADED, PURGED, NOT_HOME, DECLINED, INELIGIBLE,
}

/** One line of the work list; names and ID numbers masked (张*三, 410303********1234). */
data class HouseholdLine(
    val id: String,
    val town: String,
    val village: String,
    val group: String,
    val state: HouseholdState,
    val headNameMasked: String,
    val headIdMasked: String,
    val members: Int,
    val photos: Int,
    /** For NOT_HOME: when to come back (ISO local date-time), and whether that time has come. */
    val revisitAt: String? = null,
    val revisitDue: Boolean = false,
    /** The receipt that took it, once uploaded. */
    val receipt: String? = null,
)

data class GroupProgress(
    val village: String,
    val group: String,
    val counts: Map<HouseholdState, Int>,
    val revisitDue: Int,
) {
    val total: Int get() = counts.values.sum()
}

data class SearchFilter(
    val village: String? = null,
    val group: String? = null,
    /** Empty: every state. */
    val states: Set<HouseholdState> = emptySet(),
    val revisitDueOnly: Boolean = false,
)

enum class MatchedBy { NAME, INITIALS, ID_TAIL, PHONE_TAIL, HOUSEHOLD }

/** A person found: the household's line and which member matched, masked. */
data class SearchHit(val household: HouseholdLine, val memberNameMasked: String, val memberIdMasked: String, val matchedBy: MatchedBy)

/** The roster fields of a member a grid manager verifies or corrects. */
enum class RosterFieldName { NAME, ID_NUMBER, SEX, BIRTH_DATE, ETHNICITY, RELATION, PHONE, EDUCATION, OCCUPATION, HEALTH, MARITAL_STATUS, ADDRESS }

enum class FieldCheck { UNCHECKED, VERIFIED, CORRECTED }

/**
 * One roster field as the screen shows it. [value] is in clear: the household screen is the one
 * place the grid manager reads the roster; [original] is the roster's value beside a correction.
 */
data class RosterField(
    val name: RosterFieldName,
    val value: String?,
    val check: FieldCheck,
    val original: String? = null,
    val reason: String? = null,
) {
    override fun toString(): String = "RosterField($name, $check)"
}

data class MemberDetail(
    val index: Int,
    val isHead: Boolean,
    val nameMasked: String,
    val idMasked: String,
    val fields: List<RosterField>,
    /** Department records (法院、扶贫、公安 …) for this member's ID, read-only; null when none were given. */
    val departmentRecords: DepartmentRecords?,
    val removed: Boolean = false,
) {
    override fun toString(): String = "MemberDetail(index=$index, head=$isHead, name=$nameMasked, id=$idMasked)"
}

data class DepartmentRecords(
    val courtEnforcement: Boolean,
    val dishonestDebtor: Boolean,
    val povertyRegistry: Boolean,
    val policeRecord: Boolean,
    val privateCar: Boolean,
    val realEstate: Boolean,
    val farmMachinery: Boolean,
)

/** Not home, declined, ineligible, or none of them (back to the visit). */
sealed interface SideState {
    data object None : SideState

    /** [revisitAt] is an ISO date (2026-11-23) or a date-time with its offset (2026-11-23T18:00:00+08:00); the core refuses a local time without one. */
    data class NotHome(val reason: String, val revisitAt: String?) : SideState

    data class Declined(val reason: String?) : SideState

    data class Ineligible(val reason: String) : SideState
}

data class HouseholdDetail(
    val line: HouseholdLine,
    val address: String,
    val land: String,
    val members: List<MemberDetail>,
    val sideState: SideState,
    /** The facts revision of the draft or the final visit, if any. */
    val factsRevision: Int?,
    val history: List<HistoryEntry>,
) {
    // The address and the land are the resident's: never in a log or a failure's text.
    override fun toString(): String = "HouseholdDetail(line=$line, members=$members, sideState=$sideState, factsRevision=$factsRevision, history=${history.size})"
}

/** One event of the household's audit trail, without personal data. */
data class HistoryEntry(val at: String, val actor: String?, val kind: String, val summary: String)

data class NewMember(
    val name: String,
    val idNumber: String,
    val relation: String,
    val phone: String? = null,
    val reason: String,
) {
    override fun toString(): String = "NewMember(name=*, id=*, relation=$relation)"
}
