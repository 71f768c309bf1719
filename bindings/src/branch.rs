//! The branch's calls: the review panel back to back, the batches on this device and the
//! village's public-notice list. Thin doors onto `cunxin_core::store::{panel, batch_list,
//! overview}`.

use crate::error::ApiResult;
use crate::scoring::{CommitteeSummary, scorecard, summary};
use crate::store::Store;
use cunxin_core::model::HouseholdId;
use cunxin_core::scoring::committee::Rating;
use cunxin_core::scoring::reconcile::{GapDecision, Reconciliation};
use cunxin_core::store::{BatchLine, PublicNotice};

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

#[uniffi::export]
impl Store {
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

    /// Every batch sealed on this device, newest first, with what became of it.
    pub fn batches(&self) -> ApiResult<Vec<BatchLine>> {
        Ok(self.store()?.batches()?)
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
