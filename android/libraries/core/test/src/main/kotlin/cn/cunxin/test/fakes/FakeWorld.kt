package cn.cunxin.test.fakes

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.consents.ConsentRecord
import cn.cunxin.api.households.DepartmentRecords
import cn.cunxin.api.households.FieldCheck
import cn.cunxin.api.households.HistoryEntry
import cn.cunxin.api.households.HouseholdDetail
import cn.cunxin.api.households.HouseholdLine
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.MemberDetail
import cn.cunxin.api.households.RosterField
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.households.SideState
import cn.cunxin.api.photos.PhotoSummary
import cn.cunxin.api.scoring.FactValue
import java.time.LocalDateTime
import java.time.format.DateTimeFormatter

/** What one fake store holds, shared by its parts (households, visits, photos, consents …). */
class FakeWorld(val scoring: FakeScoring) {
    class Member(
        val index: Int,
        var name: String,
        var id: String,
        var phone: String,
        var isHead: Boolean,
        val fields: MutableMap<RosterFieldName, RosterField>,
        var removed: Boolean = false,
        var departmentRecords: DepartmentRecords? = null,
    ) {
        fun detail() = MemberDetail(index, isHead, maskName(name), maskId(id), fields.values.toList(), departmentRecords, removed)

        val adult: Boolean get() = id.length == 18 && id.substring(6, 10).toInt() <= LocalDateTime.now().year - 18

        companion object {
            fun of(index: Int, name: String, id: String, relation: String, phone: String, check: FieldCheck = FieldCheck.UNCHECKED, sex: String? = null): Member {
                val birth = if (id.length == 18) "${id.substring(6, 10)}-${id.substring(10, 12)}-${id.substring(12, 14)}" else null
                val sexValue = sex?.takeIf { it.isNotEmpty() } ?: if (id.length == 18) (if ((id[16] - '0') % 2 == 1) "男" else "女") else null
                val fields = linkedMapOf(
                    RosterFieldName.NAME to name,
                    RosterFieldName.ID_NUMBER to id,
                    RosterFieldName.SEX to sexValue,
                    RosterFieldName.BIRTH_DATE to birth,
                    RosterFieldName.RELATION to relation,
                    RosterFieldName.PHONE to phone.ifEmpty { null },
                ).mapValuesTo(LinkedHashMap()) { (field, value) -> RosterField(field, value, check) }
                return Member(index, name, id, phone, relation == "户主" || index == 0, fields)
            }
        }
    }

    class Household(
        val id: String,
        val town: String,
        val village: String,
        val group: String,
        val address: String,
        val members: MutableList<Member>,
        var state: HouseholdState = HouseholdState.IMPORTED,
        var sideState: SideState = SideState.None,
        var facts: Map<String, FactValue> = emptyMap(),
        var revision: Int = 0,
        val history: MutableList<HistoryEntry> = mutableListOf(),
        val photos: MutableList<PhotoSummary> = mutableListOf(),
        val consents: MutableList<ConsentRecord> = mutableListOf(),
        var revisitDue: Boolean = false,
    ) {
        fun head(): Member = members.first { it.isHead && !it.removed }

        fun member(index: Int): Member =
            members.getOrNull(index)?.takeIf { !it.removed } ?: throw CunxinFailure(FailureCode.NOT_FOUND, "this household has no such member")

        fun line(): HouseholdLine {
            val head = head()
            val revisitAt = (sideState as? SideState.NotHome)?.revisitAt
            return HouseholdLine(id, town, village, group, state, maskName(head.name), maskId(head.id), members.count { !it.removed }, photos.size, revisitAt, revisitDue)
        }

        fun detail() = HouseholdDetail(line(), address, "", members.map { it.detail() }, sideState, revision.takeIf { it > 0 }, history.toList())

        companion object {
            internal fun fromRoster(id: String, rows: List<RosterCsv.Row>): Household {
                val first = rows.first()
                val ordered = rows.sortedByDescending { it.id == it.headId || it.relation == "户主" }
                val members = ordered.mapIndexed { i, r -> Member.of(i, r.name, r.id, r.relation.ifEmpty { if (i == 0) "户主" else "其他" }, r.phone, sex = r.sex) }
                return Household(id, first.town, first.village, first.group, first.address, members.toMutableList())
            }
        }
    }

    val households: MutableMap<String, Household> = LinkedHashMap()
    val auditTrail = mutableListOf<String>()
    var operator: String? = null
    var lastEdited: String? = null
    var scorecard: String = "luquan"
    var clock: () -> LocalDateTime = { LocalDateTime.of(2026, 11, 22, 10, 0) }

    fun now(): String = clock().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)

    fun household(id: String): Household =
        households[id] ?: throw CunxinFailure(FailureCode.NOT_FOUND, "no household with this number in the store")

    /** A household that takes edits: not finalized or later. */
    fun editable(id: String): Household {
        val h = household(id)
        if (!h.state.editable) throw CunxinFailure(FailureCode.NOT_ALLOWED_IN_STATE, "this household is ${h.state.name.lowercase()}: reopen it to change it")
        return h
    }

    fun edited(h: Household, kind: String, summary: String) {
        if (h.state == HouseholdState.IMPORTED || h.state == HouseholdState.REVIEWED) h.state = HouseholdState.IN_PROGRESS
        h.history += HistoryEntry(now(), operator, kind, summary)
        lastEdited = h.id
        audit(kind, h.id)
    }

    fun audit(kind: String, household: String?) {
        auditTrail += if (household == null) kind else "$kind:$household"
    }

    companion object {
        val SIDE_STATES = setOf(HouseholdState.NOT_HOME, HouseholdState.DECLINED, HouseholdState.INELIGIBLE)
    }
}

/** Finalized and later states take no edits. */
val HouseholdState.editable: Boolean
    get() = this !in setOf(HouseholdState.FINALIZED, HouseholdState.SEALED, HouseholdState.UPLOADED, HouseholdState.PURGED)
