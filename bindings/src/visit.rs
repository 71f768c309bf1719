//! The estimate shown to the resident at the door: scored from the visit's saved facts and
//! recorded in the store as a scoring run (what was shown, with which scorecard version), so
//! the batch carries it and probing (many edits after an estimate) stays visible.

use crate::error::ApiResult;
use crate::scoring::{Estimate, estimate_of, scorecard};
use crate::store::Store;
use cunxin_core::model::HouseholdId;
use cunxin_core::scoring::ScoringOptions;

#[uniffi::export]
impl Store {
    /// Scores the household's saved facts with the scorecard (a preset name or a definition),
    /// records the run as shown to the resident, and returns the estimate to show.
    pub fn show_estimate(
        &self,
        household: String,
        scorecard_name: String,
        lpr_percent: Option<f64>,
    ) -> ApiResult<Estimate> {
        let card = scorecard(&scorecard_name)?;
        let shown = self.store()?.show_estimate(
            &HouseholdId(household),
            &card,
            ScoringOptions { lpr_percent },
        )?;
        Ok(estimate_of(&card, shown.result))
    }
}
