//! The review panel (授信评议小组) at the village meeting: each member's independent rating
//! ("back to back": nobody reads the others' before submitting their own), the aggregate,
//! and the grid manager's reconciliation decision for a large model/committee gap, stored
//! with the scorecard's cap so sealing puts exactly that in the batch.

use super::error::{StoreError, StoreResult};
use super::household_rows::{household_ref, not_allowed};
use super::{AuditKind, Store};
use crate::model::HouseholdId;
use crate::scoring::Scorecard;
use crate::scoring::committee::{CommitteeLimit, Rating, aggregate};
use crate::scoring::reconcile::{GapDecision, ReconcileFlag, Reconciliation, reconcile};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

/// Who has rated so far, without any values: safe to show before one's own rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PanelStatus {
    pub household: String,
    /// The members who submitted, in order.
    pub rated_by: Vec<String>,
}

/// The panel's ratings and their aggregate, for a member who has submitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelView {
    pub ratings: Vec<Rating>,
    pub committee: CommitteeLimit,
}

/// The decision as stored (the cap is the scorecard's at decision time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredDecision {
    pub decision: GapDecision,
    pub cap_yuan: Option<i64>,
}

fn invalid(message: impl Into<String>) -> StoreError {
    StoreError::InvalidInput(message.into())
}

impl Store {
    /// Records one member's rating of a household. A member rates a household once; the
    /// rating is checked (integrity 1–5, amounts ≥ 0, an abstention carries no values).
    pub fn submit_rating(&mut self, id: &HouseholdId, rating: &Rating) -> StoreResult<PanelStatus> {
        if rating.member.trim().is_empty() {
            return Err(invalid("say which panel member gives the rating"));
        }
        rating.check().map_err(|e| invalid(e.to_string()))?;
        if self.panel_status(id)?.rated_by.contains(&rating.member) {
            return Err(StoreError::AlreadyExists(
                "this panel member has already rated the household; in a back-to-back review each member rates once".into(),
            ));
        }
        self.record_committee_review(id, rating)?;
        self.panel_status(id)
    }

    /// Who has rated the household (names only).
    pub fn panel_status(&self, id: &HouseholdId) -> StoreResult<PanelStatus> {
        let (hid, _) = household_ref(self.conn(), id)?;
        let rated_by = self
            .conn()
            .prepare_cached("SELECT member FROM committee_reviews WHERE hid = ?1 ORDER BY id")?
            .query_map([hid], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        Ok(PanelStatus {
            household: id.0.clone(),
            rated_by,
        })
    }

    /// Every rating and the aggregate, for `reader`, a panel member who has already
    /// submitted; anyone else is refused (back to back).
    pub fn panel_view(&self, id: &HouseholdId, reader: &str) -> StoreResult<PanelView> {
        let (hid, _) = household_ref(self.conn(), id)?;
        let ratings = self.committee_reviews_of(hid)?;
        if !ratings.iter().any(|r| r.member == reader) {
            return Err(StoreError::NotAllowed(
                "the panel's ratings are shown only to a member who has submitted their own rating of this household".into(),
            ));
        }
        Ok(PanelView {
            committee: aggregate(&ratings),
            ratings,
        })
    }

    /// The committee limit alone (no individual ratings), for the grid manager's
    /// reconciliation screen.
    pub fn committee_limit(&self, id: &HouseholdId) -> StoreResult<CommitteeLimit> {
        let (hid, _) = household_ref(self.conn(), id)?;
        Ok(aggregate(&self.committee_reviews_of(hid)?))
    }

    /// Model limit (the latest successful scoring run) against the committee limit, with
    /// the decision and cap stored for the household; None before any successful run.
    pub fn reconciliation(&self, id: &HouseholdId) -> StoreResult<Option<Reconciliation>> {
        let (hid, _) = household_ref(self.conn(), id)?;
        self.reconciliation_of(hid)
    }

    pub(crate) fn reconciliation_of(&self, hid: i64) -> StoreResult<Option<Reconciliation>> {
        let runs = self.scoring_runs_of(hid)?;
        let Some(run) = runs.iter().rev().find(|r| r.error.is_none()) else {
            return Ok(None);
        };
        let committee = aggregate(&self.committee_reviews_of(hid)?);
        let stored = self.gap_decision_of(hid)?;
        let decision = stored.as_ref().map(|s| &s.decision);
        let cap = stored.as_ref().and_then(|s| s.cap_yuan);
        // A stored decision no longer fitting (facts or ratings changed since) is not
        // applied: the gap needs a new reason.
        let committee_limit = panel_limit_for(run.limit_yuan, committee.limit_yuan);
        let reconciled = reconcile(run.limit_yuan, committee_limit, decision, cap)
            .or_else(|_| reconcile(run.limit_yuan, committee_limit, None, cap));
        Ok(reconciled.ok())
    }

    pub(crate) fn gap_decision_of(&self, hid: i64) -> StoreResult<Option<StoredDecision>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT reason, amount_yuan, cap_yuan FROM gap_decisions WHERE hid = ?1",
                [hid],
                |r| {
                    Ok(StoredDecision {
                        decision: GapDecision {
                            reason: r.get(0)?,
                            amount_yuan: r.get(1)?,
                        },
                        cap_yuan: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// The grid manager settles a large gap: a written reason and an amount between the
    /// two limits; the scorecard's cap always holds and is stored with the decision.
    /// Refused when the gap is not large (nothing to decide) or before scoring.
    pub fn decide_gap(
        &mut self,
        id: &HouseholdId,
        decision: &GapDecision,
        card: &Scorecard,
    ) -> StoreResult<Reconciliation> {
        let (hid, state) = household_ref(self.conn(), id)?;
        if !state.is_open() {
            return Err(not_allowed(
                id,
                &state,
                "its limit can no longer be reconciled",
            ));
        }
        let runs = self.scoring_runs_of(hid)?;
        let run = runs
            .iter()
            .rev()
            .find(|r| r.error.is_none())
            .ok_or_else(|| {
                StoreError::NotAllowed(
                    "the household has no model limit yet; show the estimate first".into(),
                )
            })?;
        let committee = aggregate(&self.committee_reviews_of(hid)?);
        let cap = card.limit.cap_yuan;
        let committee_limit = panel_limit_for(run.limit_yuan, committee.limit_yuan);
        let undecided = reconcile(run.limit_yuan, committee_limit, None, cap)
            .map_err(|e| invalid(e.to_string()))?;
        if undecided.flag != ReconcileFlag::NeedsReason {
            return Err(StoreError::NotAllowed(
                "the model and committee limits do not differ by more than 30%; there is no gap to decide".into(),
            ));
        }
        let decided = reconcile(run.limit_yuan, committee_limit, Some(decision), cap)
            .map_err(|e| invalid(e.to_string()))?;
        let reason = decision.reason.trim().to_string();
        self.write_durable(|tx| {
            tx.execute(
                "INSERT INTO gap_decisions (hid, reason, amount_yuan, cap_yuan, scorecard,
                     decided_by, decided_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(hid) DO UPDATE SET reason = excluded.reason,
                     amount_yuan = excluded.amount_yuan, cap_yuan = excluded.cap_yuan,
                     scorecard = excluded.scorecard, decided_by = excluded.decided_by,
                     decided_at = excluded.decided_at",
                params![
                    hid,
                    reason,
                    decision.amount_yuan,
                    cap,
                    format!("{}@{}", card.id, card.version),
                    tx.actor(),
                    tx.at()
                ],
            )?;
            tx.audit(
                AuditKind::Edited,
                Some(hid),
                json!({
                    "fields": ["reconciliation"],
                    "source": "visit",
                    "flag": "reasoned",
                    "proposed_limit_yuan": decided.proposed_limit_yuan,
                }),
            )?;
            Ok(())
        })?;
        Ok(decided)
    }
}

/// The panel's limit as reconciliation sees it: a household the scorecard gives no limit
/// (not eligible, vetoed, below the lowest grade) is not a credit household, and the panel
/// cannot make it one; its ratings stay on record.
fn panel_limit_for(model_limit_yuan: i64, committee: Option<i64>) -> Option<i64> {
    committee.filter(|_| model_limit_yuan > 0)
}
