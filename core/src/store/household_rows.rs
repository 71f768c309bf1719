//! Household rows: how a household and its members are stored, read back, compared and
//! moved between states.

use super::error::{StoreError, StoreResult, looks_like_id_number, masked_household};
use super::{AuditKind, Tx};
use crate::model::{Household, HouseholdId, LifecycleState, Member};
use crate::privacy::{mask_id, mask_name};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};
use std::collections::BTreeSet;

pub(crate) fn damaged(what: &str) -> StoreError {
    StoreError::Damaged(format!("a stored {what} cannot be read"))
}

/// The household without its members (they have their own rows), as stored.
pub(crate) fn household_data(household: &Household) -> StoreResult<Value> {
    let mut value =
        serde_json::to_value(household).map_err(|e| StoreError::InvalidInput(e.to_string()))?;
    if let Some(map) = value.as_object_mut() {
        map.remove("members");
    }
    Ok(value)
}

fn member_data(member: &Member) -> StoreResult<Value> {
    serde_json::to_value(member).map_err(|e| StoreError::InvalidInput(e.to_string()))
}

fn key_masked(key: &str) -> String {
    if looks_like_id_number(key) {
        mask_id(key)
    } else {
        key.to_string()
    }
}

pub(crate) fn parse_state(text: &str) -> StoreResult<LifecycleState> {
    serde_json::from_str(text).map_err(|_| damaged("household state"))
}

fn state_json(state: &LifecycleState) -> String {
    serde_json::to_string(state).unwrap_or_default()
}

/// The internal number and state of a household still on the device.
pub(crate) fn household_ref(
    conn: &Connection,
    id: &HouseholdId,
) -> StoreResult<(i64, LifecycleState)> {
    let row = conn
        .prepare_cached("SELECT hid, state FROM households WHERE household_key = ?1")?
        .query_row([&id.0], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?;
    let (hid, state) = row.ok_or_else(|| StoreError::unknown_household(id))?;
    Ok((hid, parse_state(&state)?))
}

pub(crate) fn set_state(tx: &Tx, hid: i64, state: &LifecycleState) -> StoreResult<()> {
    tx.prepare_cached(
        "UPDATE households SET state = ?2, state_name = ?3, updated_at = ?4 WHERE hid = ?1",
    )?
    .execute(params![hid, state_json(state), state.name(), tx.at()])?;
    Ok(())
}

pub(crate) fn not_allowed(id: &HouseholdId, state: &LifecycleState, action: &str) -> StoreError {
    StoreError::NotAllowed(format!(
        "household {} is {}; {action}",
        masked_household(id),
        state.name()
    ))
}

pub(crate) fn load_household(conn: &Connection, hid: i64) -> StoreResult<Household> {
    let data: String = conn
        .prepare_cached("SELECT data FROM households WHERE hid = ?1")?
        .query_row([hid], |r| r.get(0))?;
    let mut value: Value = serde_json::from_str(&data).map_err(|_| damaged("household"))?;
    let mut stmt =
        conn.prepare_cached("SELECT data FROM members WHERE hid = ?1 ORDER BY position")?;
    let members = stmt
        .query_map([hid], |r| r.get::<_, String>(0))?
        .map(|m| -> StoreResult<Value> { serde_json::from_str(&m?).map_err(|_| damaged("member")) })
        .collect::<StoreResult<Vec<Value>>>()?;
    value
        .as_object_mut()
        .ok_or_else(|| damaged("household"))?
        .insert("members".into(), Value::Array(members));
    serde_json::from_value(value).map_err(|_| damaged("household"))
}

fn write_members(tx: &Tx, hid: i64, members: &[Member]) -> StoreResult<()> {
    tx.people_changed();
    tx.prepare_cached("DELETE FROM members WHERE hid = ?1")?
        .execute([hid])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO members (hid, position, name, id_number, data) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, member) in members.iter().enumerate() {
        insert.execute(params![
            hid,
            position as i64,
            member.name,
            member.id_number,
            member_data(member)?.to_string()
        ])?;
    }
    Ok(())
}

/// Names of the fields that differ: top-level household fields, and `members.N.field`.
pub(crate) fn changed_fields(old: &Household, new: &Household) -> StoreResult<Vec<String>> {
    let mut changed = BTreeSet::new();
    let (old_data, new_data) = (household_data(old)?, household_data(new)?);
    diff_keys(&old_data, &new_data, "", &mut changed);
    let count = old.members.len().max(new.members.len());
    for i in 0..count {
        match (old.members.get(i), new.members.get(i)) {
            (Some(a), Some(b)) => diff_keys(
                &member_data(a)?,
                &member_data(b)?,
                &format!("members.{i}."),
                &mut changed,
            ),
            _ => {
                changed.insert(format!("members.{i}"));
            }
        }
    }
    Ok(changed.into_iter().collect())
}

fn diff_keys(old: &Value, new: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    let empty = serde_json::Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let new = new.as_object().unwrap_or(&empty);
    for key in old.keys().chain(new.keys()) {
        if old.get(key) != new.get(key) {
            out.insert(format!("{prefix}{key}"));
        }
    }
}

pub(crate) fn insert_household(tx: &Tx, household: &Household) -> StoreResult<i64> {
    let head = household.head();
    tx.prepare_cached(
        "INSERT INTO households (household_key, town, village, grp, data, state, state_name,
             head_name_masked, head_id_masked, key_masked, imported_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        household.id.0,
        household.place.town,
        household.place.village,
        household.place.group,
        household_data(household)?.to_string(),
        state_json(&LifecycleState::Imported),
        LifecycleState::Imported.name(),
        mask_name(&head.name),
        mask_id(&head.id_number),
        key_masked(&household.id.0),
        tx.at(),
    ])?;
    let hid = tx.last_insert_rowid();
    write_members(tx, hid, &household.members)?;
    tx.audit(
        AuditKind::Created,
        Some(hid),
        json!({ "members": household.members.len() }),
    )?;
    Ok(hid)
}

pub(crate) fn update_household_row(tx: &Tx, hid: i64, household: &Household) -> StoreResult<()> {
    let head = household.head();
    tx.prepare_cached(
        "UPDATE households SET town = ?2, village = ?3, grp = ?4, data = ?5,
             head_name_masked = ?6, head_id_masked = ?7, updated_at = ?8 WHERE hid = ?1",
    )?
    .execute(params![
        hid,
        household.place.town,
        household.place.village,
        household.place.group,
        household_data(household)?.to_string(),
        mask_name(&head.name),
        mask_id(&head.id_number),
        tx.at(),
    ])?;
    write_members(tx, hid, &household.members)
}
