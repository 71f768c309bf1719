//! The household screen at the door: every roster field of every member, each confirmed or
//! corrected (the roster's value kept beside the correction, every change audited by field
//! name, never by value); members added or removed, the head changed; the side states.

use super::error::{StoreError, StoreResult, masked_household};
use super::household_rows::{
    household_ref, load_household, not_allowed, set_state, update_household_row,
};
use super::{AuditKind, Store, Tx};
use crate::intake::resident_id::ResidentId;
use crate::intake::text::normalize_name;
use crate::model::{
    CheckState, FieldCheck, Household, HouseholdField, HouseholdId, LifecycleState, Member,
    MemberField, Relation, RemovedMember, Sex,
};
use crate::privacy::{mask_id, mask_name, mask_phone};
use serde::Serialize;
use serde_json::json;

/// Which field an action is about: a household field, or a member's (by position in
/// [`HouseholdDetail::members`]; positions change when a member is removed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "of", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FieldRef {
    Household { field: HouseholdField },
    Member { position: u32, field: MemberField },
}

impl FieldRef {
    /// The field's name in audit events and JSON (`address`, `members.2.phone`).
    pub fn name(&self) -> String {
        match self {
            FieldRef::Household { field } => field.as_str().to_string(),
            FieldRef::Member { position, field } => {
                format!("members.{position}.{}", field.as_str())
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HouseholdFieldLine {
    pub field: HouseholdField,
    pub value: String,
    pub check: Option<FieldCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MemberFieldLine {
    pub field: MemberField,
    /// The value as the form shows it (sex `M`/`F`, dates `YYYY-MM-DD`); None when empty.
    pub value: Option<String>,
    pub check: Option<FieldCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MemberDetail {
    pub position: u32,
    pub is_head: bool,
    pub added_at_visit: bool,
    pub name_masked: String,
    pub id_masked: String,
    pub fields: Vec<MemberFieldLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RemovedMemberLine {
    pub name_masked: String,
    pub id_masked: String,
    pub reason: String,
    pub at: String,
}

/// Everything the household screen shows. Values are in full: this is the resident's own
/// data on the grid manager's screen; lists and logs use the masked forms.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HouseholdDetail {
    pub id: String,
    pub id_masked: String,
    pub town: String,
    pub village: String,
    pub group: String,
    pub state: LifecycleState,
    pub household_fields: Vec<HouseholdFieldLine>,
    pub members: Vec<MemberDetail>,
    pub removed_members: Vec<RemovedMemberLine>,
    /// Roster fields neither verified nor corrected yet (empty optional fields excluded).
    pub unchecked_fields: u32,
    pub updated_at: String,
}

/// A member the roster does not list, added at the door. Sex and birth date come from
/// the ID number.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewMember {
    pub name: String,
    pub id_number: String,
    /// The relation word (配偶, 女儿 …); not 户主 (use `change_head`).
    pub relation_word: String,
    pub ethnicity: Option<String>,
    pub phone: Option<String>,
}

fn member_value(m: &Member, field: MemberField) -> Option<String> {
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.to_string());
    match field {
        MemberField::Name => text(&m.name),
        MemberField::IdNumber => text(&m.id_number),
        MemberField::Relation => text(&m.relation_word),
        MemberField::Sex => Some(sex_code(m.sex).to_string()),
        MemberField::Ethnicity => text(&m.ethnicity),
        MemberField::BirthDate => Some(m.birth_date.format("%Y-%m-%d").to_string()),
        MemberField::Phone => m.phone.clone(),
        MemberField::Education => m.education.clone(),
        MemberField::Occupation => m.occupation.clone(),
        MemberField::Health => m.health.clone(),
        MemberField::MaritalStatus => m.marital_status.clone(),
    }
}

fn sex_code(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "M",
        Sex::Female => "F",
    }
}

fn invalid(message: impl Into<String>) -> StoreError {
    StoreError::InvalidInput(message.into())
}

fn optional(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_string())
}

fn phone(value: &str) -> StoreResult<Option<String>> {
    let digits: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.is_empty() {
        return Ok(None);
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) || !(7..=12).contains(&digits.len()) {
        return Err(invalid(
            "a phone number has 7 to 12 digits (a mobile number 11); check the number",
        ));
    }
    Ok(Some(digits))
}

/// Applies a corrected value to a member's field, checking it first.
fn set_member_value(m: &mut Member, field: MemberField, value: &str) -> StoreResult<()> {
    match field {
        MemberField::Name => {
            let name = normalize_name(value);
            if name.is_empty() {
                return Err(invalid(
                    "a name cannot be empty; enter the name as on the ID card",
                ));
            }
            m.name = name;
        }
        MemberField::IdNumber => {
            let id = ResidentId::parse(value).map_err(|e| invalid(e.to_string()))?;
            m.id_number = id.as_str().to_string();
            m.sex = id.sex();
            m.birth_date = id.birth_date();
        }
        MemberField::Relation => {
            let relation = Relation::from_word(value);
            if relation == Some(Relation::Head) || m.relation == Some(Relation::Head) {
                return Err(invalid(
                    "the head of household is changed with `change head`, not by editing the relation",
                ));
            }
            if value.trim().is_empty() {
                return Err(invalid(
                    "say how the member is related to the head (配偶, 女儿 …)",
                ));
            }
            m.relation = relation;
            m.relation_word = value.trim().to_string();
        }
        MemberField::Sex => {
            m.sex = match value.trim() {
                "M" | "m" | "男" => Sex::Male,
                "F" | "f" | "女" => Sex::Female,
                _ => return Err(invalid("sex is M (男) or F (女)")),
            }
        }
        MemberField::Ethnicity => m.ethnicity = value.trim().to_string(),
        MemberField::BirthDate => {
            m.birth_date = chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
                .map_err(|_| invalid("a birth date is written YYYY-MM-DD, e.g. 1980-03-07"))?;
        }
        MemberField::Phone => m.phone = phone(value)?,
        MemberField::Education => m.education = optional(value),
        MemberField::Occupation => m.occupation = optional(value),
        MemberField::Health => m.health = optional(value),
        MemberField::MaritalStatus => m.marital_status = optional(value),
    }
    Ok(())
}

fn household_value(h: &Household, field: HouseholdField) -> String {
    match field {
        HouseholdField::Address => h.address.clone(),
        HouseholdField::Land => h.land.clone(),
    }
}

fn detail_of(household: &Household, state: LifecycleState, updated_at: String) -> HouseholdDetail {
    let household_fields: Vec<HouseholdFieldLine> = HouseholdField::ALL
        .into_iter()
        .map(|field| HouseholdFieldLine {
            field,
            value: household_value(household, field),
            check: household.checks.get(&field).cloned(),
        })
        .collect();
    let members: Vec<MemberDetail> = household
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| MemberDetail {
            position: i as u32,
            is_head: m.relation == Some(Relation::Head),
            added_at_visit: m.added_at_visit,
            name_masked: mask_name(&m.name),
            id_masked: mask_id(&m.id_number),
            fields: MemberField::ALL
                .into_iter()
                .map(|field| MemberFieldLine {
                    field,
                    value: member_value(m, field),
                    check: m.checks.get(&field).cloned(),
                })
                .collect(),
        })
        .collect();
    let unchecked = household_fields
        .iter()
        .filter(|f| f.check.is_none() && !f.value.is_empty())
        .count()
        + members
            .iter()
            .flat_map(|m| &m.fields)
            .filter(|f| f.check.is_none() && f.value.is_some())
            .count();
    HouseholdDetail {
        id: household.id.0.clone(),
        id_masked: masked_household(&household.id),
        town: household.place.town.clone(),
        village: household.place.village.clone(),
        group: household.place.group.clone(),
        state,
        household_fields,
        members,
        removed_members: household
            .removed_members
            .iter()
            .map(|r| RemovedMemberLine {
                name_masked: mask_name(&r.member.name),
                id_masked: mask_id(&r.member.id_number),
                reason: r.reason.clone(),
                at: r.at.clone(),
            })
            .collect(),
        unchecked_fields: unchecked as u32,
        updated_at,
    }
}

/// A masked form of a value for the audit trail's "what was corrected" (never the value).
pub(crate) fn masked_value(field: MemberField, value: &str) -> String {
    match field {
        MemberField::Name => mask_name(value),
        MemberField::IdNumber => mask_id(value),
        MemberField::Phone => mask_phone(value),
        _ => String::new(),
    }
}

fn member_mut(household: &mut Household, position: u32) -> StoreResult<&mut Member> {
    let count = household.members.len();
    household.members.get_mut(position as usize).ok_or_else(|| {
        invalid(format!(
            "the household has {count} members (positions 0 to {}); there is no member {position}",
            count.saturating_sub(1)
        ))
    })
}

impl Store {
    /// The household screen: every field of every member with its check.
    pub fn household_detail(&self, id: &HouseholdId) -> StoreResult<HouseholdDetail> {
        let (hid, state) = household_ref(self.conn(), id)?;
        let household = load_household(self.conn(), hid)?;
        let updated_at: String = self.conn().query_row(
            "SELECT updated_at FROM households WHERE hid = ?1",
            [hid],
            |r| r.get(0),
        )?;
        Ok(detail_of(&household, state, updated_at))
    }

    /// Runs one change of an open household's roster data and audits it; an imported
    /// household's visit is then in progress.
    fn edit_household(
        &mut self,
        id: &HouseholdId,
        edit: impl FnOnce(&Tx, &mut Household) -> StoreResult<serde_json::Value>,
    ) -> StoreResult<HouseholdDetail> {
        self.write(|tx| {
            let (hid, state) = household_ref(tx, id)?;
            if !state.is_open() {
                return Err(not_allowed(id, &state, "its data can no longer change"));
            }
            let mut household = load_household(tx, hid)?;
            let detail = edit(tx, &mut household)?;
            // Checking the roster at the door is where the visit begins.
            let state = if state == LifecycleState::Imported {
                let begun = state
                    .transition(LifecycleState::InProgress)
                    .map_err(|e| StoreError::NotAllowed(e.to_string()))?;
                set_state(tx, hid, &begun)?;
                begun
            } else {
                state
            };
            update_household_row(tx, hid, &household)?;
            tx.people_changed();
            tx.audit(AuditKind::Edited, Some(hid), detail)?;
            Ok(detail_of(&household, state, tx.at().to_string()))
        })
    }

    /// The resident confirms a field as the roster has it. A corrected field stays
    /// corrected (its original kept).
    pub fn verify_field(
        &mut self,
        id: &HouseholdId,
        field: FieldRef,
    ) -> StoreResult<HouseholdDetail> {
        self.edit_household(id, |tx, h| {
            let check = FieldCheck {
                state: CheckState::Verified,
                original: None,
                reason: None,
                at: tx.at().to_string(),
                by: tx.actor().map(String::from),
            };
            let keep_corrected =
                |old: Option<&FieldCheck>| old.is_some_and(|c| c.state == CheckState::Corrected);
            match field {
                FieldRef::Household { field: f } => {
                    if !keep_corrected(h.checks.get(&f)) {
                        h.checks.insert(f, check);
                    }
                }
                FieldRef::Member { position, field: f } => {
                    let m = member_mut(h, position)?;
                    if !keep_corrected(m.checks.get(&f)) {
                        m.checks.insert(f, check);
                    }
                }
            }
            Ok(json!({ "fields": [field.name()], "source": "visit", "check": "verified" }))
        })
    }

    /// Confirms every field not checked yet (the resident read the whole card and agreed).
    pub fn verify_remaining(&mut self, id: &HouseholdId) -> StoreResult<HouseholdDetail> {
        self.edit_household(id, |tx, h| {
            let check = FieldCheck {
                state: CheckState::Verified,
                original: None,
                reason: None,
                at: tx.at().to_string(),
                by: tx.actor().map(String::from),
            };
            let mut fields = Vec::new();
            for f in HouseholdField::ALL {
                if !h.checks.contains_key(&f) && !household_value(h, f).is_empty() {
                    h.checks.insert(f, check.clone());
                    fields.push(f.as_str().to_string());
                }
            }
            for (i, m) in h.members.iter_mut().enumerate() {
                for f in MemberField::ALL {
                    if !m.checks.contains_key(&f) && member_value(m, f).is_some() {
                        m.checks.insert(f, check.clone());
                        fields.push(format!("members.{i}.{}", f.as_str()));
                    }
                }
            }
            Ok(json!({ "fields": fields, "source": "visit", "check": "verified" }))
        })
    }

    /// Corrects a field: the new value is checked (an ID number by GB 11643, which also
    /// sets sex and birth date), the roster's original is kept beside it, and the
    /// correction is audited by field name (identifying values only masked).
    pub fn correct_field(
        &mut self,
        id: &HouseholdId,
        field: FieldRef,
        value: &str,
        reason: Option<&str>,
    ) -> StoreResult<HouseholdDetail> {
        self.edit_household(id, |tx, h| {
            let new_check = |original: Option<String>, old: Option<&FieldCheck>| FieldCheck {
                state: CheckState::Corrected,
                // A second correction keeps the roster's value, not the first correction's.
                original: match old {
                    Some(c) if c.state == CheckState::Corrected => c.original.clone(),
                    _ => original,
                },
                reason: reason.and_then(optional),
                at: tx.at().to_string(),
                by: tx.actor().map(String::from),
            };
            let mut detail =
                json!({ "fields": [field.name()], "source": "visit", "check": "corrected" });
            match field {
                FieldRef::Household { field: f } => {
                    let original = household_value(h, f);
                    match f {
                        HouseholdField::Address => {
                            if value.trim().is_empty() {
                                return Err(invalid("an address cannot be empty"));
                            }
                            h.address = value.trim().to_string();
                        }
                        HouseholdField::Land => h.land = value.trim().to_string(),
                    }
                    let check = new_check(optional(&original), h.checks.get(&f));
                    h.checks.insert(f, check);
                }
                FieldRef::Member { position, field: f } => {
                    let m = member_mut(h, position)?;
                    let original = member_value(m, f);
                    set_member_value(m, f, value)?;
                    if f.is_identifying() {
                        detail["masked"] =
                            json!(masked_value(f, &member_value(m, f).unwrap_or_default()));
                    }
                    let check = new_check(original, m.checks.get(&f));
                    m.checks.insert(f, check);
                    if f == MemberField::IdNumber {
                        // The ID number fixes sex and birth date: they are corrected with it.
                        for derived in [MemberField::Sex, MemberField::BirthDate] {
                            m.checks.entry(derived).or_insert_with(|| FieldCheck {
                                state: CheckState::Verified,
                                original: None,
                                reason: None,
                                at: tx.at().to_string(),
                                by: tx.actor().map(String::from),
                            });
                        }
                    }
                }
            }
            Ok(detail)
        })
    }

    /// Adds a member the roster does not list. Returns the household with the new member
    /// last.
    pub fn add_member(
        &mut self,
        id: &HouseholdId,
        member: &NewMember,
    ) -> StoreResult<HouseholdDetail> {
        let resident = ResidentId::parse(&member.id_number).map_err(|e| invalid(e.to_string()))?;
        let name = normalize_name(&member.name);
        if name.is_empty() {
            return Err(invalid(
                "a name cannot be empty; enter the name as on the ID card",
            ));
        }
        let relation = Relation::from_word(&member.relation_word);
        if relation == Some(Relation::Head) {
            return Err(invalid(
                "a new member cannot be added as the head; add them, then change the head",
            ));
        }
        if member.relation_word.trim().is_empty() {
            return Err(invalid(
                "say how the new member is related to the head (配偶, 女儿 …)",
            ));
        }
        let phone = phone(member.phone.as_deref().unwrap_or_default())?;
        self.edit_household(id, |_, h| {
            if h.members.iter().any(|m| m.id_number == resident.as_str()) {
                return Err(StoreError::AlreadyExists(
                    "this ID number is already a member of the household".into(),
                ));
            }
            h.members.push(Member {
                name,
                id_number: resident.as_str().to_string(),
                relation,
                relation_word: member.relation_word.trim().to_string(),
                sex: resident.sex(),
                ethnicity: member.ethnicity.as_deref().map(str::trim).unwrap_or_default().to_string(),
                birth_date: resident.birth_date(),
                phone,
                education: None,
                occupation: None,
                health: None,
                marital_status: None,
                checks: Default::default(),
                added_at_visit: true,
            });
            Ok(json!({ "fields": [format!("members.{}", h.members.len() - 1)], "source": "visit", "member": "added" }))
        })
    }

    /// Removes a member (moved out, deceased …); kept beside the household with the reason.
    /// The head cannot be removed: change the head first.
    pub fn remove_member(
        &mut self,
        id: &HouseholdId,
        position: u32,
        reason: &str,
    ) -> StoreResult<HouseholdDetail> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(invalid("say why the member is removed (迁出, 去世 …)"));
        }
        self.edit_household(id, |tx, h| {
            if member_mut(h, position)?.relation == Some(Relation::Head) {
                return Err(invalid("the head cannot be removed; change the head first"));
            }
            let member = h.members.remove(position as usize);
            h.removed_members.push(RemovedMember {
                member,
                reason: reason.clone(),
                at: tx.at().to_string(),
            });
            Ok(json!({ "fields": [format!("members.{position}")], "source": "visit", "member": "removed", "reason": reason }))
        })
    }

    /// Makes another member the head (户主). The old head's relation becomes `其他`
    /// (原户主) and both relations are recorded as corrected, with the roster's words kept.
    pub fn change_head(
        &mut self,
        id: &HouseholdId,
        position: u32,
        reason: &str,
    ) -> StoreResult<HouseholdDetail> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(invalid("say why the head changes (原户主去世, 户口变更 …)"));
        }
        self.edit_household(id, |tx, h| {
            member_mut(h, position)?;
            let old = h
                .members
                .iter()
                .position(|m| m.relation == Some(Relation::Head));
            if old == Some(position as usize) {
                return Err(invalid("this member is already the head"));
            }
            let check = |m: &Member| FieldCheck {
                state: CheckState::Corrected,
                original: match m.checks.get(&MemberField::Relation) {
                    Some(c) if c.state == CheckState::Corrected => c.original.clone(),
                    _ => Some(m.relation_word.clone()),
                },
                reason: Some(reason.clone()),
                at: tx.at().to_string(),
                by: tx.actor().map(String::from),
            };
            let mut fields = Vec::new();
            if let Some(old) = old {
                let m = &mut h.members[old];
                let c = check(m);
                m.checks.insert(MemberField::Relation, c);
                m.relation = Some(Relation::Other);
                m.relation_word = "原户主".into();
                fields.push(format!("members.{old}.relation"));
            }
            let m = &mut h.members[position as usize];
            let c = check(m);
            m.checks.insert(MemberField::Relation, c);
            m.relation = Some(Relation::Head);
            m.relation_word = "户主".into();
            fields.push(format!("members.{position}.relation"));
            Ok(json!({ "fields": fields, "source": "visit", "head": "changed" }))
        })
    }

    /// Nobody was home: the household waits for a revisit (with a time, when agreed).
    pub fn mark_not_home(
        &mut self,
        id: &HouseholdId,
        reason: &str,
        revisit_at: Option<&str>,
    ) -> StoreResult<LifecycleState> {
        let reason = required_reason(
            reason,
            "say why the visit could not happen (外出务工, 家中无人 …)",
        )?;
        let revisit_at = revisit_at.and_then(optional);
        if let Some(at) = &revisit_at {
            let valid = chrono::DateTime::parse_from_rfc3339(at).is_ok()
                || chrono::NaiveDate::parse_from_str(at, "%Y-%m-%d").is_ok();
            if !valid {
                return Err(invalid(
                    "a revisit time is a date (2026-12-03) or a time with offset (2026-12-03T09:00:00+08:00)",
                ));
            }
        }
        self.side_state(id, LifecycleState::NotHome { reason, revisit_at })
    }

    /// The resident refused the visit or the credit.
    pub fn mark_declined(&mut self, id: &HouseholdId, reason: &str) -> StoreResult<LifecycleState> {
        let reason = required_reason(reason, "say why the resident declined")?;
        self.side_state(id, LifecycleState::Declined { reason })
    }

    /// The household fails the basic conditions; the reason is kept.
    pub fn mark_ineligible(
        &mut self,
        id: &HouseholdId,
        reason: &str,
    ) -> StoreResult<LifecycleState> {
        let reason = required_reason(reason, "say which basic condition the household fails")?;
        self.side_state(id, LifecycleState::Ineligible { reason })
    }

    /// Back from a side state (not home, declined, ineligible) to the visit.
    pub fn resume_visit(&mut self, id: &HouseholdId) -> StoreResult<LifecycleState> {
        self.write_durable(|tx| {
            let (hid, state) = household_ref(tx, id)?;
            if !matches!(
                state,
                LifecycleState::NotHome { .. }
                    | LifecycleState::Declined { .. }
                    | LifecycleState::Ineligible { .. }
            ) {
                return Err(not_allowed(
                    id,
                    &state,
                    "only a household set aside (not home, declined, ineligible) can be resumed",
                ));
            }
            let to = LifecycleState::InProgress;
            set_state(tx, hid, &to)?;
            tx.audit(
                AuditKind::StateChanged,
                Some(hid),
                json!({ "from": state.name(), "to": to.name() }),
            )?;
            Ok(to)
        })
    }

    fn side_state(
        &mut self,
        id: &HouseholdId,
        next: LifecycleState,
    ) -> StoreResult<LifecycleState> {
        self.set_visit_state(id, next.clone())?;
        Ok(next)
    }
}

fn required_reason(reason: &str, what: &str) -> StoreResult<String> {
    optional(reason).ok_or_else(|| invalid(what))
}
