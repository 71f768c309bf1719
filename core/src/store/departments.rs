//! Department records from work packages: kept by ID number, replaced wholesale for the
//! people of a package's grid, and a visited household whose records changed is marked
//! so the grid manager sees it.

use super::error::{StoreError, StoreResult, masked_household};
use super::household_rows::{household_ref, parse_state};
use super::{Store, Tx};
use crate::model::{DepartmentFlags, HouseholdId, LifecycleState};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::BTreeMap;

/// What replacing a grid's records changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DepartmentChanges {
    /// People whose records were added, changed or removed.
    pub people_changed: usize,
    /// Visited households now marked "records changed since your visit" (ids masked).
    pub visited_marked: Vec<String>,
}

/// Why a household carries a notice from a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    RecordsChanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdNotice {
    pub kind: NoticeKind,
    pub package_id: String,
    pub at: String,
}

/// Makes `records` the department records of every person in `grid` (ID numbers of the
/// package's roster): a person not in `records` has none any more.
pub(crate) fn replace_department_records_in(
    tx: &Tx,
    grid: &[String],
    records: &BTreeMap<String, DepartmentFlags>,
    package_id: &str,
) -> StoreResult<DepartmentChanges> {
    let mut changes = DepartmentChanges::default();
    for id_number in grid {
        let old: Option<String> = tx
            .query_row(
                "SELECT flags FROM department_records WHERE id_number = ?1",
                [id_number],
                |r| r.get(0),
            )
            .optional()?;
        let old: Option<DepartmentFlags> = old
            .map(|text| {
                serde_json::from_str(&text)
                    .map_err(|_| StoreError::Damaged("a department record cannot be read".into()))
            })
            .transpose()?;
        let new = records.get(id_number);
        if old.as_ref() == new {
            continue;
        }
        match new {
            Some(flags) => {
                let text = serde_json::to_string(flags)
                    .map_err(|e| StoreError::InvalidInput(e.to_string()))?;
                tx.execute(
                    "INSERT INTO department_records (id_number, flags, package_id, updated_at)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(id_number) DO UPDATE SET flags = excluded.flags,
                         package_id = excluded.package_id, updated_at = excluded.updated_at",
                    params![id_number, text, package_id, tx.at],
                )?;
            }
            None => {
                tx.execute(
                    "DELETE FROM department_records WHERE id_number = ?1",
                    [id_number],
                )?;
            }
        }
        changes.people_changed += 1;
        mark_visited(tx, id_number, package_id, &mut changes)?;
    }
    Ok(changes)
}

/// Marks the visited household `id_number` belongs to, once per package.
fn mark_visited(
    tx: &Tx,
    id_number: &str,
    package_id: &str,
    changes: &mut DepartmentChanges,
) -> StoreResult<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT h.hid, h.household_key, h.state FROM members m JOIN households h ON h.hid = m.hid
         WHERE m.id_number = ?1",
    )?;
    let rows: Vec<(i64, Option<String>, String)> = stmt
        .query_map([id_number], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (hid, key, state) in rows {
        let state = parse_state(&state)?;
        if matches!(
            state,
            LifecycleState::Imported | LifecycleState::Reviewed | LifecycleState::Purged
        ) {
            continue;
        }
        let added = tx.execute(
            "INSERT INTO household_notices (hid, kind, package_id, at) VALUES (?1, 'records_changed', ?2, ?3)
             ON CONFLICT(hid, kind) DO UPDATE SET package_id = excluded.package_id, at = excluded.at
             WHERE household_notices.package_id <> excluded.package_id",
            params![hid, package_id, tx.at],
        )?;
        let masked = masked_household(&HouseholdId(key.unwrap_or_default()));
        if added > 0 && !changes.visited_marked.contains(&masked) {
            changes.visited_marked.push(masked);
        }
    }
    Ok(())
}

impl Store {
    /// The department records of a household's members, in member order (members without
    /// any record are left out).
    pub fn department_records(&self, id: &HouseholdId) -> StoreResult<Vec<DepartmentFlags>> {
        let (hid, _) = household_ref(self.conn(), id)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT d.flags FROM members m JOIN department_records d ON d.id_number = m.id_number
             WHERE m.hid = ?1 ORDER BY m.position",
        )?;
        let rows = stmt.query_map([hid], |r| r.get::<_, String>(0))?;
        rows.map(|text| {
            serde_json::from_str(&text?)
                .map_err(|_| StoreError::Damaged("a department record cannot be read".into()))
        })
        .collect()
    }

    /// What packages told the grid manager about this household.
    pub fn household_notices(&self, id: &HouseholdId) -> StoreResult<Vec<HouseholdNotice>> {
        let (hid, _) = household_ref(self.conn(), id)?;
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT package_id, at FROM household_notices WHERE hid = ?1 AND kind = 'records_changed'")?;
        let rows = stmt.query_map([hid], |r| {
            Ok(HouseholdNotice {
                kind: NoticeKind::RecordsChanged,
                package_id: r.get(0)?,
                at: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
