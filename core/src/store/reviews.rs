//! Committee reviews and scoring runs. Every scoring run is kept and audited (re-entering
//! facts to probe for a higher limit is forbidden to staff; the runs show it).

use super::error::{StoreError, StoreResult};
use super::household_rows::{household_ref, not_allowed, set_state};
use super::{AuditKind, Store};
use crate::model::{HouseholdId, LifecycleState};
use crate::scoring::audit::ScoringRun;
use crate::scoring::committee::Rating;
use rusqlite::params;
use serde_json::json;

fn unreadable(what: &str) -> StoreError {
    StoreError::Damaged(format!("a stored {what} cannot be read"))
}

impl Store {
    /// Records one panel member's independent rating. A household only imported becomes
    /// `reviewed`; one already being visited keeps its state.
    pub fn record_committee_review(
        &mut self,
        id: &HouseholdId,
        rating: &Rating,
    ) -> StoreResult<()> {
        let text =
            serde_json::to_string(rating).map_err(|e| StoreError::InvalidInput(e.to_string()))?;
        self.write(|tx| {
            let (hid, state) = household_ref(tx, id)?;
            if !state.is_open() {
                return Err(not_allowed(
                    id,
                    &state,
                    "the committee review is closed for it",
                ));
            }
            tx.execute(
                "INSERT INTO committee_reviews (hid, member, rating, recorded_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![hid, rating.member, text, tx.at()],
            )?;
            let review = tx.last_insert_rowid();
            if state == LifecycleState::Imported {
                set_state(tx, hid, &LifecycleState::Reviewed)?;
            }
            tx.audit(
                AuditKind::CommitteeReviewed,
                Some(hid),
                json!({ "review": review }),
            )?;
            Ok(())
        })
    }

    pub(crate) fn committee_reviews_of(&self, hid: i64) -> StoreResult<Vec<Rating>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT rating FROM committee_reviews WHERE hid = ?1 ORDER BY id")?;
        let rows = stmt.query_map([hid], |r| r.get::<_, String>(0))?;
        rows.map(|r| serde_json::from_str(&r?).map_err(|_| unreadable("committee review")))
            .collect()
    }

    /// Keeps a scoring run and chains `scored` (and `shown_to_resident` when the estimate
    /// was shown). The audit holds the scorecard and a hash of the facts, not the result.
    pub fn record_scoring_run(&mut self, run: &ScoringRun) -> StoreResult<()> {
        let text =
            serde_json::to_string(run).map_err(|e| StoreError::InvalidInput(e.to_string()))?;
        let id = HouseholdId(run.household.clone());
        self.write(|tx| {
            let (hid, state) = household_ref(tx, &id)?;
            if state == LifecycleState::Purged {
                return Err(not_allowed(&id, &state, "it can no longer be scored"));
            }
            tx.prepare_cached(
                "INSERT INTO scoring_runs (hid, scorecard, scorecard_version, facts_sha256,
                     points_tenths, limit_yuan, shown_to_resident, at, run)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                hid,
                run.scorecard,
                run.scorecard_version,
                run.facts_sha256,
                run.points.0,
                run.limit_yuan,
                run.shown_to_resident,
                run.at,
                text,
            ])?;
            let detail = json!({
                "scorecard": run.scorecard,
                "version": run.scorecard_version,
                "facts_sha256": run.facts_sha256,
            });
            tx.audit(AuditKind::Scored, Some(hid), detail.clone())?;
            if run.shown_to_resident {
                tx.audit(AuditKind::ShownToResident, Some(hid), detail)?;
            }
            Ok(())
        })
    }

    /// A household's scoring runs in the order they ran (for the probing check).
    pub fn scoring_runs(&self, id: &HouseholdId) -> StoreResult<Vec<ScoringRun>> {
        let (hid, _) = household_ref(self.conn(), id)?;
        self.scoring_runs_of(hid)
    }

    pub(crate) fn scoring_runs_of(&self, hid: i64) -> StoreResult<Vec<ScoringRun>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT run FROM scoring_runs WHERE hid = ?1 ORDER BY id")?;
        let rows = stmt.query_map([hid], |r| r.get::<_, String>(0))?;
        rows.map(|r| serde_json::from_str(&r?).map_err(|_| unreadable("scoring run")))
            .collect()
    }
}
