package cn.cunxin.test.fakes

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.households.FieldCheck
import cn.cunxin.api.households.GroupProgress
import cn.cunxin.api.households.HistoryEntry
import cn.cunxin.api.households.HouseholdDetail
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.Households
import cn.cunxin.api.households.MatchedBy
import cn.cunxin.api.households.NewMember
import cn.cunxin.api.households.RosterField
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.households.RosterImport
import cn.cunxin.api.households.SearchFilter
import cn.cunxin.api.households.SearchHit
import cn.cunxin.api.households.SideState
import cn.cunxin.api.intake.ResidentIdCheck

/** The work list over the fake store's households; the same rules for states and edits as the core. */
class FakeHouseholds internal constructor(private val world: FakeWorld) : Households {
    override suspend fun importRoster(path: String): RosterImport {
        val report = RosterCsv.report(path)
        var inserted = 0
        var unchanged = 0
        val kept = mutableListOf<String>()
        RosterCsv.usable(RosterCsv.read(path)).groupBy { it.household }.forEach { (id, rows) ->
            val known = world.households[id]
            when {
                known == null -> {
                    world.households[id] = FakeWorld.Household.fromRoster(id, rows)
                    inserted++
                }
                known.state == HouseholdState.IMPORTED -> unchanged++
                else -> kept += id
            }
        }
        world.audit("import_roster", null)
        return RosterImport(inserted, 0, unchanged, kept, report)
    }

    override suspend fun list(): List<HouseholdLine> = world.households.values.map { it.line() }

    override suspend fun progress(): List<GroupProgress> = world.households.values.groupBy { it.village to it.group }.map { (key, hs) ->
        GroupProgress(key.first, key.second, hs.groupingBy { it.state }.eachCount(), hs.count { it.revisitDue })
    }

    override suspend fun search(query: String, filter: SearchFilter, limit: Int): List<SearchHit> {
        val q = query.trim().lowercase()
        return world.households.values.asSequence()
            .filter { h -> filter.village == null || h.village == filter.village }
            .filter { h -> filter.group == null || h.group == filter.group }
            .filter { h -> filter.states.isEmpty() || h.state in filter.states }
            .filter { h -> !filter.revisitDueOnly || h.revisitDue }
            .flatMap { h ->
                if (q.isEmpty()) {
                    sequenceOf(h.head().let { SearchHit(h.line(), maskName(it.name), maskId(it.id), MatchedBy.HOUSEHOLD) })
                } else {
                    h.members.asSequence().filter { !it.removed }.mapNotNull { m ->
                        matchedBy(h, m, q)?.let { SearchHit(h.line(), maskName(m.name), maskId(m.id), it) }
                    }.take(1)
                }
            }
            .take(limit)
            .toList()
    }

    private fun matchedBy(h: FakeWorld.Household, m: FakeWorld.Member, q: String): MatchedBy? = when {
        m.name.contains(q) -> MatchedBy.NAME
        q.all { it in 'a'..'z' } && Pinyin.initials(m.name).startsWith(q) -> MatchedBy.INITIALS
        q.length >= 4 && q.all { it.isDigit() || it == 'x' } && m.id.lowercase().endsWith(q) -> MatchedBy.ID_TAIL
        q.length >= 4 && q.all(Char::isDigit) && m.phone.endsWith(q) -> MatchedBy.PHONE_TAIL
        h.id.lowercase() == q -> MatchedBy.HOUSEHOLD
        else -> null
    }

    override suspend fun lastEdited(): String? = world.lastEdited?.takeIf { world.households[it]?.state?.editable == true }

    override suspend fun detail(household: String): HouseholdDetail = world.household(household).detail()

    override suspend fun verify(household: String, member: Int, field: RosterFieldName) {
        val h = world.editable(household)
        val m = h.member(member)
        val f = m.fields[field] ?: throw CunxinFailure(FailureCode.NOT_FOUND, "this member has no such field")
        m.fields[field] = f.copy(check = FieldCheck.VERIFIED)
        world.edited(h, "verify", "核实 ${field.name.lowercase()}")
    }

    override suspend fun correct(household: String, member: Int, field: RosterFieldName, value: String, reason: String) {
        if (reason.isBlank()) throw CunxinFailure(FailureCode.INVALID_INPUT, "say why the field is corrected")
        if (field == RosterFieldName.ID_NUMBER && FakeResidentIds.checkId(value) is ResidentIdCheck.Invalid) {
            throw CunxinFailure(FailureCode.INVALID_INPUT, "the corrected ID number is not valid: compare with the card")
        }
        val h = world.editable(household)
        val m = h.member(member)
        val f = m.fields[field] ?: RosterField(field, null, FieldCheck.UNCHECKED)
        m.fields[field] = RosterField(field, value, FieldCheck.CORRECTED, original = f.original ?: f.value, reason = reason)
        if (field == RosterFieldName.NAME) m.name = value
        if (field == RosterFieldName.ID_NUMBER) m.id = value.uppercase()
        world.edited(h, "correct", "更正 ${field.name.lowercase()}")
    }

    override suspend fun addMember(household: String, member: NewMember): Int {
        if (FakeResidentIds.checkId(member.idNumber) is ResidentIdCheck.Invalid) {
            throw CunxinFailure(FailureCode.INVALID_INPUT, "the new member's ID number is not valid: compare with the card")
        }
        val h = world.editable(household)
        val index = h.members.size
        h.members += FakeWorld.Member.of(index, member.name, member.idNumber.uppercase(), member.relation, member.phone.orEmpty(), FieldCheck.VERIFIED)
        world.edited(h, "add_member", "新增成员")
        return index
    }

    override suspend fun removeMember(household: String, member: Int, reason: String) {
        val h = world.editable(household)
        val m = h.member(member)
        if (m.isHead) throw CunxinFailure(FailureCode.NOT_ALLOWED_IN_STATE, "the head cannot be removed: change the head first")
        m.removed = true
        world.edited(h, "remove_member", "移除成员：$reason")
    }

    override suspend fun changeHead(household: String, member: Int, formerHeadRelation: String, reason: String) {
        val h = world.editable(household)
        val newHead = h.member(member)
        val former = h.head()
        former.isHead = false
        former.fields[RosterFieldName.RELATION] = RosterField(RosterFieldName.RELATION, formerHeadRelation, FieldCheck.CORRECTED, former.fields[RosterFieldName.RELATION]?.value, reason)
        newHead.isHead = true
        newHead.fields[RosterFieldName.RELATION] = RosterField(RosterFieldName.RELATION, "户主", FieldCheck.CORRECTED, newHead.fields[RosterFieldName.RELATION]?.value, reason)
        world.edited(h, "change_head", "变更户主")
    }

    override suspend fun setSideState(household: String, state: SideState) {
        val h = world.household(household)
        if (h.state.ordinal >= HouseholdState.FINALIZED.ordinal && h.state !in FakeWorld.SIDE_STATES) {
            throw CunxinFailure(FailureCode.NOT_ALLOWED_IN_STATE, "this household is finalized: reopen it first")
        }
        h.sideState = state
        h.state = when (state) {
            SideState.None -> if (h.facts.isEmpty() && h.revision == 0) HouseholdState.IMPORTED else HouseholdState.IN_PROGRESS
            is SideState.NotHome -> HouseholdState.NOT_HOME
            is SideState.Declined -> HouseholdState.DECLINED
            is SideState.Ineligible -> HouseholdState.INELIGIBLE
        }
        h.history += HistoryEntry(world.now(), world.operator, "side_state", h.state.name.lowercase())
    }
}

private typealias HouseholdLine = cn.cunxin.api.households.HouseholdLine

/** Pinyin initials of the characters the fakes' rosters use; the core has the whole table. */
internal object Pinyin {
    private val table: Map<Char, Char> = (
        "王w长c明m单s乐l李l建j国g张z秀x英y刘l红h梅m陈c志z强q赵z丽l华h杨y黄h周z吴w徐x孙s胡h朱z高g林l何h郭g马m罗l" +
            "军j伟w芳f敏m静j磊l洋y勇y艳y杰j涛t桂g兰l芬f春c生s德d福f海h平p"
        ).chunked(2).associate { it[0] to it[1] }

    fun initials(name: String): String = name.map { table[it] ?: '?' }.joinToString("")
}
