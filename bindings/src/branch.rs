//! The branch's calls: the review panel back to back, the batches on this device and the
//! village's public-notice list. Thin doors onto `cunxin_core::store::{panel, batch_list,
//! overview}`.

use crate::error::ApiResult;
use crate::scoring::scorecard;
use crate::store::Store;
use cunxin_core::model::HouseholdId;
use cunxin_core::scoring::committee::Rating;
use cunxin_core::scoring::reconcile::{GapDecision, Reconciliation};
use cunxin_core::store::{BatchLine, PublicNotice};

/// The panel's result, shown to a member only once they have rated.
#[derive(uniffi::Record)]
pub struct PanelResult {
    pub ratings: Vec<Rating>,
    /// None with fewer than three ratings.
    pub committee_limit_yuan: Option<i64>,
    pub insufficient_reviews: bool,
    pub disputed: bool,
    pub lowest_yuan: Option<i64>,
    pub highest_yuan: Option<i64>,
    pub estimated_income_yuan: Option<i64>,
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

    /// The ratings and their aggregate, for `reader` once they have rated.
    pub fn panel_result(&self, household: String, reader: String) -> ApiResult<PanelResult> {
        let view = self
            .store()?
            .panel_view(&HouseholdId(household), &reader)?;
        let c = view.committee;
        Ok(PanelResult {
            ratings: view.ratings,
            committee_limit_yuan: c.limit_yuan,
            insufficient_reviews: c.insufficient_reviews,
            disputed: c.disputed,
            lowest_yuan: c.lowest_yuan,
            highest_yuan: c.highest_yuan,
            estimated_income_yuan: c.estimated_income_yuan,
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
    pub fn public_notice(&self, village: String, scorecard_name: String) -> ApiResult<PublicNotice> {
        let card = scorecard(&scorecard_name)?;
        Ok(self.store()?.public_notice(&village, &card)?)
    }
}
