//! Households: roster import, listing, one household's record, corrections and side
//! states.

use super::consents::ConsentRecord;
use super::error::{StoreError, StoreResult, masked_household};
use super::household_rows::{
    changed_fields, household_ref, insert_household, load_household, not_allowed, parse_state,
    set_state, update_household_row,
};
use super::photos::PhotoRecord;
use super::visits::latest_facts;
use super::{AuditKind, Store, Tx};
use crate::intake::roster::RosterCheck;
use crate::model::{Household, HouseholdId, LifecycleState};
use crate::scoring::Facts;
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::json;

/// What a roster import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Households already visited (or further along): the roster does not overwrite what
    /// the grid manager recorded. Ids masked when they are ID numbers.
    pub skipped_visited: Vec<String>,
}

/// One line of the grid manager's list: masked, safe for any screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HouseholdSummary {
    /// The household id while on the device; its masked form once purged.
    pub id: String,
    pub town: String,
    pub village: String,
    pub group: String,
    pub state: LifecycleState,
    pub head_name_masked: String,
    pub head_id_masked: String,
    pub members: u32,
    pub photos: u32,
    pub receipt: Option<String>,
    pub updated_at: String,
}

/// Everything the store holds about one household.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HouseholdRecord {
    pub household: Household,
    pub state: LifecycleState,
    /// The latest facts (the draft, or the finalized facts).
    pub facts: Option<Facts>,
    pub facts_revision: Option<u32>,
    pub facts_final: bool,
    pub photos: Vec<PhotoRecord>,
    pub consents: Vec<ConsentRecord>,
    pub imported_at: String,
    pub updated_at: String,
}

impl Store {
    /// Loads the usable households of a checked roster (rows with errors are not loaded).
    pub fn import_roster(&mut self, roster: &RosterCheck) -> StoreResult<ImportSummary> {
        let households = roster
            .usable
            .iter()
            .map(Household::from_roster)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::InvalidInput(e.to_string()))?;
        self.import_households(&households)
    }

    /// Adds new households; refreshes ones not yet visited (imported or reviewed) from the
    /// roster; leaves visited ones alone. One transaction: all or nothing.
    pub fn import_households(&mut self, households: &[Household]) -> StoreResult<ImportSummary> {
        self.write_durable(|tx| import_households_in(tx, households))
    }

    /// Every household, masked, ordered by village, group and import order. Purged ones stay
    /// listed with their receipt.
    pub fn list_households(&self) -> StoreResult<Vec<HouseholdSummary>> {
        let mut stmt = self.conn().prepare(&format!(
            "{SUMMARY_SELECT} ORDER BY h.village, h.grp, h.hid"
        ))?;
        let rows = stmt.query_map([], summary_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The lines of the given households (a search's hits), in the order given; an id the
    /// store does not hold (or a purged household's) is left out.
    pub fn household_summaries(&self, ids: &[HouseholdId]) -> StoreResult<Vec<HouseholdSummary>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{SUMMARY_SELECT} WHERE h.household_key = ?1"))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(stmt.query_row([&id.0], summary_row).optional()?);
        }
        Ok(out)
    }

    /// Everything held about one household still on the device.
    pub fn household(&self, id: &HouseholdId) -> StoreResult<HouseholdRecord> {
        let (hid, state) = household_ref(self.conn(), id)?;
        let conn = self.conn();
        let household = load_household(conn, hid)?;
        let latest = latest_facts(conn, hid)?;
        let (imported_at, updated_at): (String, String) = conn.query_row(
            "SELECT imported_at, updated_at FROM households WHERE hid = ?1",
            [hid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(HouseholdRecord {
            household,
            state,
            facts_revision: latest.as_ref().map(|l| l.0),
            facts_final: latest.as_ref().is_some_and(|l| l.2),
            facts: latest.map(|l| l.1),
            photos: self.photos_of(hid)?,
            consents: self.consents_of(hid)?,
            imported_at,
            updated_at,
        })
    }

    pub(crate) fn household_ref(&self, id: &HouseholdId) -> StoreResult<(i64, LifecycleState)> {
        household_ref(self.conn(), id)
    }

    /// Records the grid manager's corrections of roster data during the visit (address,
    /// members, land …). Audited with the changed fields' names.
    pub fn correct_household(&mut self, household: &Household) -> StoreResult<Vec<String>> {
        self.write(|tx| {
            let (hid, state) = household_ref(tx, &household.id)?;
            if !state.is_open() {
                return Err(not_allowed(
                    &household.id,
                    &state,
                    "its data can no longer change",
                ));
            }
            let old = load_household(tx, hid)?;
            let fields = changed_fields(&old, household)?;
            if fields.is_empty() {
                return Ok(fields);
            }
            update_household_row(tx, hid, household)?;
            tx.audit(
                AuditKind::Edited,
                Some(hid),
                json!({ "fields": fields, "source": "visit" }),
            )?;
            Ok(fields)
        })
    }

    /// Moves an open household to a side state (`not_home`, `declined`, `ineligible`) or to
    /// `reviewed`/`in_progress`. Finalizing, sealing and the rest have their own calls.
    pub fn set_visit_state(&mut self, id: &HouseholdId, next: LifecycleState) -> StoreResult<()> {
        let allowed = matches!(
            next,
            LifecycleState::Reviewed
                | LifecycleState::InProgress
                | LifecycleState::NotHome { .. }
                | LifecycleState::Declined { .. }
                | LifecycleState::Ineligible { .. }
        );
        if !allowed {
            return Err(StoreError::InvalidInput(format!(
                "{} is not a visit state; use the store's own call for it",
                next.name()
            )));
        }
        self.write_durable(|tx| {
            let (hid, state) = household_ref(tx, id)?;
            let to = state
                .transition(next)
                .map_err(|e| StoreError::NotAllowed(e.to_string()))?;
            set_state(tx, hid, &to)?;
            tx.audit(
                AuditKind::StateChanged,
                Some(hid),
                json!({ "from": state.name(), "to": to.name() }),
            )?;
            Ok(())
        })
    }
}

/// A household's line as listed: the key (masked once purged), place, state, masked head,
/// counts, receipt and last change.
const SUMMARY_SELECT: &str =
    "SELECT coalesce(h.household_key, h.key_masked), h.town, h.village, h.grp,
        h.state, h.head_name_masked, h.head_id_masked,
        (SELECT count(*) FROM members m WHERE m.hid = h.hid),
        (SELECT count(*) FROM photos p WHERE p.hid = h.hid),
        h.receipt_id, h.updated_at
    FROM households h";

fn summary_row(r: &rusqlite::Row) -> rusqlite::Result<HouseholdSummary> {
    let state: String = r.get(4)?;
    let state = parse_state(&state).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(HouseholdSummary {
        id: r.get(0)?,
        town: r.get(1)?,
        village: r.get(2)?,
        group: r.get(3)?,
        state,
        head_name_masked: r.get(5)?,
        head_id_masked: r.get(6)?,
        members: r.get(7)?,
        photos: r.get(8)?,
        receipt: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// [`Store::import_households`] inside a caller's transaction (a work package applies its
/// roster with the rest of the package).
pub(crate) fn import_households_in(
    tx: &Tx,
    households: &[Household],
) -> StoreResult<ImportSummary> {
    let mut summary = ImportSummary::default();
    for household in households {
        if household.members.is_empty() {
            return Err(StoreError::InvalidInput(format!(
                "household {} has no members",
                masked_household(&household.id)
            )));
        }
        match household_ref(tx, &household.id) {
            Ok((hid, state)) => {
                if !matches!(state, LifecycleState::Imported | LifecycleState::Reviewed) {
                    summary
                        .skipped_visited
                        .push(masked_household(&household.id));
                    continue;
                }
                let old = load_household(tx, hid)?;
                let fields = changed_fields(&old, household)?;
                if fields.is_empty() {
                    summary.unchanged += 1;
                    continue;
                }
                update_household_row(tx, hid, household)?;
                tx.audit(
                    AuditKind::Edited,
                    Some(hid),
                    json!({ "fields": fields, "source": "roster" }),
                )?;
                summary.updated += 1;
            }
            Err(StoreError::NotFound(_)) => {
                insert_household(tx, household)?;
                summary.inserted += 1;
            }
            Err(e) => return Err(e),
        }
    }
    tx.audit(
        AuditKind::RosterImported,
        None,
        json!({
            "inserted": summary.inserted,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "skipped": summary.skipped_visited.len(),
        }),
    )?;
    Ok(summary)
}
