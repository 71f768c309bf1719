//! The estimate shown to the resident at the door: scored from the visit's saved facts and
//! recorded in the store as a scoring run (what was shown, with which scorecard version), so
//! the batch carries it and probing (many edits after an estimate) stays visible.

use crate::error::{ApiResult, CunxinError};
use crate::scoring::{Estimate, estimate_of, scorecard};
use crate::store::Store;
use cunxin_core::model::HouseholdId;
use cunxin_core::scoring::ScoringOptions;
use cunxin_core::scoring::audit::ScoringRun;

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
        let mut store = self.store()?;
        let id = HouseholdId(household);
        let facts = store.household(&id)?.facts.ok_or_else(|| {
            CunxinError::invalid("the household has no saved facts yet; fill in the visit form first")
        })?;
        let result = card.score(&id.0, &facts, ScoringOptions { lpr_percent });
        let at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        store.record_scoring_run(&ScoringRun::new(&card, &facts, &result, true, at))?;
        Ok(estimate_of(&card, result))
    }
}
