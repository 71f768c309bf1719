//! The visit: the draft saved continuously, and finalization.

use super::consents::ConsentRecord;
use super::error::{StoreError, StoreResult};
use super::household_rows::{damaged, household_ref, load_household, not_allowed, set_state};
use super::photos::PhotoRecord;
use super::{AuditKind, Store};
use crate::model::{Household, HouseholdId, LifecycleState};
use crate::scoring::Facts;
use crate::scoring::audit::ScoringRun;
use crate::scoring::committee::Rating;
use crate::scoring::reconcile::Reconciliation;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// What a draft save changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DraftSaved {
    pub revision: u32,
    /// Names of the facts that changed (never their values); empty when nothing did.
    pub changed_fields: Vec<String>,
}

/// A finalized household with everything a batch needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinalizedHousehold {
    pub household: Household,
    pub facts: Facts,
    pub revision: u32,
    pub finalized_at: String,
    pub photos: Vec<PhotoRecord>,
    pub consents: Vec<ConsentRecord>,
    pub scoring_runs: Vec<ScoringRun>,
    pub committee_reviews: Vec<Rating>,
    /// Model against committee limit with the grid manager's stored decision and the
    /// scorecard's cap; None when no scoring run succeeded.
    pub reconciliation: Option<Reconciliation>,
}

const NEEDS_CONSENT: &str = "finalizing needs the resident's signed personal-information \
    consent; take the signature first";

/// The latest facts revision: (revision, facts, final?).
pub(crate) fn latest_facts(conn: &Connection, hid: i64) -> StoreResult<Option<(u32, Facts, bool)>> {
    let row = conn
        .prepare_cached(
            "SELECT revision, facts, status FROM facts
             WHERE hid = ?1 ORDER BY revision DESC LIMIT 1",
        )?
        .query_row([hid], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    row.map(|(revision, facts, status)| {
        let facts: Facts = serde_json::from_str(&facts).map_err(|_| damaged("facts"))?;
        Ok((revision, facts, status == "final"))
    })
    .transpose()
}

/// SHA-256 of the facts with keys in sorted order (for the audit trail: proves which facts
/// were finalized without holding them).
pub(crate) fn facts_sha256(facts: &Facts) -> String {
    use sha2::{Digest, Sha256};
    let sorted: std::collections::BTreeMap<&String, &Value> = facts.iter().collect();
    hex::encode(Sha256::digest(
        serde_json::to_vec(&sorted).unwrap_or_default(),
    ))
}

/// Names of the facts that differ between two fact sets.
fn changed_facts(old: &Facts, new: &Facts) -> Vec<String> {
    let mut changed = BTreeSet::new();
    for key in old.keys().chain(new.keys()) {
        if old.get(key) != new.get(key) {
            changed.insert(key.clone());
        }
    }
    changed.into_iter().collect()
}

impl Store {
    /// Saves the visit's facts as the draft (call it on every edit; it is cheap). The first
    /// save starts the visit (`in_progress`). Audited with the changed fields' names.
    pub fn save_draft(&mut self, id: &HouseholdId, facts: &Facts) -> StoreResult<DraftSaved> {
        self.write(|tx| {
            let (hid, state) = household_ref(tx, id)?;
            if !state.is_open() {
                return Err(not_allowed(id, &state, "its facts can no longer change"));
            }
            let (revision, old) = match latest_facts(tx, hid)? {
                Some((revision, old, false)) => (revision, old),
                Some((revision, _, true)) => (revision + 1, Facts::new()),
                None => (1, Facts::new()),
            };
            let changed = changed_facts(&old, facts);
            if state != LifecycleState::InProgress {
                set_state(
                    tx,
                    hid,
                    &state
                        .transition(LifecycleState::InProgress)
                        .map_err(|e| StoreError::NotAllowed(e.to_string()))?,
                )?;
            } else if changed.is_empty() {
                return Ok(DraftSaved {
                    revision,
                    changed_fields: changed,
                });
            }
            let text = Value::Object(facts.clone()).to_string();
            tx.prepare_cached(
                "INSERT INTO facts (hid, revision, facts, status, saved_at)
                 VALUES (?1, ?2, ?3, 'draft', ?4)
                 ON CONFLICT(hid, revision)
                 DO UPDATE SET facts = excluded.facts, saved_at = excluded.saved_at",
            )?
            .execute(params![hid, revision, text, tx.at()])?;
            tx.prepare_cached("UPDATE households SET updated_at = ?2 WHERE hid = ?1")?
                .execute(params![hid, tx.at()])?;
            tx.audit(
                AuditKind::Edited,
                Some(hid),
                json!({ "fields": changed, "revision": revision }),
            )?;
            Ok(DraftSaved {
                revision,
                changed_fields: changed,
            })
        })
    }

    /// Makes the visit final in one transaction synced to disk: the draft facts become the
    /// final revision, the photos taken are bound to it, the state becomes `finalized`, and
    /// the event is chained. Needs saved facts and the signed personal-information consent.
    pub fn finalize(&mut self, id: &HouseholdId) -> StoreResult<u32> {
        self.write_durable(|tx| {
            let (hid, state) = household_ref(tx, id)?;
            let to = state.transition(LifecycleState::Finalized).map_err(|_| {
                not_allowed(
                    id,
                    &state,
                    "only a household being visited can be finalized",
                )
            })?;
            let Some((revision, facts, false)) = latest_facts(tx, hid)? else {
                return Err(not_allowed(
                    id,
                    &state,
                    "there are no draft facts to finalize; save the visit's facts first",
                ));
            };
            let consents: i64 = tx.query_row(
                "SELECT count(*) FROM consents WHERE hid = ?1 AND kind = 'personal_info'",
                [hid],
                |r| r.get(0),
            )?;
            if consents == 0 {
                return Err(StoreError::NotAllowed(NEEDS_CONSENT.into()));
            }
            tx.execute(
                "UPDATE facts SET status = 'final', finalized_at = ?3
                 WHERE hid = ?1 AND revision = ?2",
                params![hid, revision, tx.at()],
            )?;
            let photos = tx.execute(
                "UPDATE photos SET revision = ?2 WHERE hid = ?1 AND revision IS NULL",
                params![hid, revision],
            )?;
            set_state(tx, hid, &to)?;
            let facts_sha256 = facts_sha256(&facts);
            tx.audit(
                AuditKind::Finalized,
                Some(hid),
                json!({ "revision": revision, "photos": photos, "facts_sha256": facts_sha256 }),
            )?;
            Ok(revision)
        })
    }

    /// Opens a finalized household again for a correction: a new draft revision starts from
    /// the final facts, consents and photos can be added, and finalizing makes it the new
    /// final revision. The reason is audited. Returns the new draft's revision.
    pub fn reopen(&mut self, id: &HouseholdId, reason: &str) -> StoreResult<u32> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::InvalidInput(
                "say why the finalized visit is corrected (e.g. the platform returned it)".into(),
            ));
        }
        self.write_durable(|tx| {
            let (hid, state) = household_ref(tx, id)?;
            let to = state.reopen().map_err(|_| {
                not_allowed(id, &state, "only a finalized household can be reopened")
            })?;
            let Some((revision, facts, true)) = latest_facts(tx, hid)? else {
                return Err(not_allowed(id, &state, "it has no final facts to correct"));
            };
            let draft = revision + 1;
            tx.execute(
                "INSERT INTO facts (hid, revision, facts, status, saved_at)
                 VALUES (?1, ?2, ?3, 'draft', ?4)",
                params![hid, draft, Value::Object(facts).to_string(), tx.at()],
            )?;
            set_state(tx, hid, &to)?;
            tx.audit(
                AuditKind::Reopened,
                Some(hid),
                json!({ "revision": draft, "reason": reason }),
            )?;
            Ok(draft)
        })
    }

    /// The finalized households not yet in a batch, with everything a batch carries.
    pub fn finalized_households(&self) -> StoreResult<Vec<FinalizedHousehold>> {
        let hids: Vec<i64> = self
            .conn()
            .prepare("SELECT hid FROM households WHERE state_name = 'finalized' ORDER BY hid")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        hids.into_iter()
            .map(|hid| self.finalized_household(hid))
            .collect()
    }

    pub(crate) fn finalized_household(&self, hid: i64) -> StoreResult<FinalizedHousehold> {
        let conn = self.conn();
        let (revision, facts, finalized_at): (u32, String, String) = conn.query_row(
            "SELECT revision, facts, finalized_at FROM facts
             WHERE hid = ?1 AND status = 'final' ORDER BY revision DESC LIMIT 1",
            [hid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(FinalizedHousehold {
            household: load_household(conn, hid)?,
            facts: serde_json::from_str(&facts).map_err(|_| damaged("facts"))?,
            revision,
            finalized_at,
            photos: self.photos_of(hid)?,
            consents: self.consents_of(hid)?,
            scoring_runs: self.scoring_runs_of(hid)?,
            committee_reviews: self.committee_reviews_of(hid)?,
            reconciliation: self.reconciliation_of(hid)?,
        })
    }
}
