//! The branch's calls: the review panel back to back, the batches on this device and the
//! village's public-notice list. Thin doors onto `cunxin_core::store::{panel, batch_list,
//! overview}`.

use crate::error::ApiResult;
use crate::scoring::{CommitteeSummary, scorecard, summary};
use crate::store::Store;
use cunxin_core::batch::batch_list;
use cunxin_core::model::HouseholdId;
use cunxin_core::scoring::committee::Rating;
use cunxin_core::scoring::reconcile::{GapDecision, Reconciliation};
use cunxin_core::scoring::rollup::{Lending, LoanPerformance, Verdict};
use cunxin_core::store::{BatchLine, GroupProgress, PublicNotice};

/// The panel's result: for a member once they have rated (with the ratings), or for the
/// grid manager (the aggregate only).
#[derive(uniffi::Record)]
pub struct PanelResult {
    /// The members' ratings; empty for the grid manager.
    pub ratings: Vec<Rating>,
    pub committee: CommitteeSummary,
    /// The model's limit against the panel's, with a recorded decision; None before scoring.
    pub reconciliation: Option<Reconciliation>,
}

/// The village roll-up as the branch reads it (the core's `VillageRollup`; uniffi has no
/// `usize` or ordered map, so counts cross as u32 and the grades as a list).
#[derive(uniffi::Record)]
pub struct VillageRollUp {
    pub village: String,
    pub households: u32,
    pub evaluated: u32,
    pub eligible: u32,
    pub credit_households: u32,
    /// Credit households / households, per mille rounded down.
    pub credit_share_permille: i64,
    /// Households per grade, in the grades' name order.
    pub grades: Vec<GradeCount>,
    pub total_proposed_limit_yuan: i64,
    /// 授信面: credit households / eligible, per mille; None with no eligible household.
    pub coverage_permille: Option<i64>,
    pub coverage_target_met: bool,
    pub credit_village: Verdict,
    /// The seed-002 test, which also needs the bank's loan figures (unknown on the device).
    pub credit_village_seed002: Verdict,
    pub lending: Lending,
    /// Each group's progress, in the roster's group order.
    pub groups: Vec<GroupProgress>,
}

#[derive(uniffi::Record)]
pub struct GradeCount {
    pub grade: String,
    pub households: u32,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[uniffi::export]
impl Store {
    /// The village's roll-up and its progress by group straight from the store, scored with
    /// `scorecard_name`. The bank's loan figures are not on the device, so the verdicts that
    /// need them say unknown.
    pub fn village_rollup(
        &self,
        village: String,
        scorecard_name: String,
    ) -> ApiResult<VillageRollUp> {
        let card = scorecard(&scorecard_name)?;
        let overview =
            self.store()?
                .village_overview(&village, &card, &LoanPerformance::default())?;
        let r = overview.rollup;
        Ok(VillageRollUp {
            village: r.village,
            households: count(r.households),
            evaluated: count(r.evaluated),
            eligible: count(r.eligible),
            credit_households: count(r.credit_households),
            credit_share_permille: r.credit_share_permille,
            grades: r
                .grades
                .into_iter()
                .map(|(grade, n)| GradeCount {
                    grade,
                    households: count(n),
                })
                .collect(),
            total_proposed_limit_yuan: r.total_proposed_limit_yuan,
            coverage_permille: r.coverage_permille,
            coverage_target_met: r.coverage_target_met,
            credit_village: r.credit_village,
            credit_village_seed002: r.credit_village_seed002,
            lending: r.lending,
            groups: overview.groups,
        })
    }

    /// Records one member's rating; returns who has rated so far (no values).
    pub fn submit_rating(&self, household: String, rating: Rating) -> ApiResult<Vec<String>> {
        Ok(self
            .store()?
            .submit_rating(&HouseholdId(household), &rating)?
            .rated_by)
    }

    /// The members who have rated, without values.
    pub fn panel_rated_by(&self, household: String) -> ApiResult<Vec<String>> {
        Ok(self
            .store()?
            .panel_status(&HouseholdId(household))?
            .rated_by)
    }

    /// The ratings and their aggregate for `reader` once they have rated; without a reader
    /// (the grid manager) the aggregate only.
    pub fn panel_result(
        &self,
        household: String,
        reader: Option<String>,
    ) -> ApiResult<PanelResult> {
        let store = self.store()?;
        let id = HouseholdId(household);
        let (ratings, committee) = match reader {
            Some(reader) => {
                let view = store.panel_view(&id, &reader)?;
                (view.ratings, view.committee)
            }
            None => (Vec::new(), store.committee_limit(&id)?),
        };
        Ok(PanelResult {
            ratings,
            committee: summary(committee),
            reconciliation: store.reconciliation(&id)?,
        })
    }

    /// The grid manager settles a large gap with a reason and an amount.
    pub fn decide_gap(
        &self,
        household: String,
        decision: GapDecision,
        scorecard_name: String,
    ) -> ApiResult<Reconciliation> {
        let card = scorecard(&scorecard_name)?;
        Ok(self
            .store()?
            .decide_gap(&HouseholdId(household), &decision, &card)?)
    }

    /// Every batch sealed on this device, newest first, with what became of it, its size
    /// and how far a waiting batch's upload got.
    pub fn batches(&self) -> ApiResult<Vec<BatchLine>> {
        let store = self.store()?;
        Ok(batch_list(&store)?)
    }

    /// The public-notice list of the village's credit households, masked.
    pub fn public_notice(
        &self,
        village: String,
        scorecard_name: String,
    ) -> ApiResult<PublicNotice> {
        let card = scorecard(&scorecard_name)?;
        Ok(self.store()?.public_notice(&village, &card)?)
    }
}
