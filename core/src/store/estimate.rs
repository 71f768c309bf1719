//! The estimate shown to the resident at the door, and the scorecard this device scores
//! with. Scoring, time stamp and the recorded run are one call, for the app and the CLI.

use super::Store;
use super::error::{StoreError, StoreResult};
use crate::model::HouseholdId;
use crate::scoring::audit::ScoringRun;
use crate::scoring::presets::scorecard_from;
use crate::scoring::{ScoreResult, Scorecard, ScoringOptions};
use serde::Serialize;

/// The setting holding the scorecard in use: a preset name or a full definition.
pub const SCORECARD_SETTING: &str = "scorecard";

/// What was shown, and the run the store recorded for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownEstimate {
    pub result: ScoreResult,
    pub run: ScoringRun,
}

impl Store {
    /// The scorecard this device scores with (set by [`Store::use_scorecard`]), if any.
    pub fn scorecard_in_use(&self) -> StoreResult<Option<Scorecard>> {
        match self.setting(SCORECARD_SETTING)? {
            None => Ok(None),
            Some(text) => scorecard_from(&text).map(Some).map_err(|_| {
                StoreError::Damaged("the stored scorecard setting cannot be read".into())
            }),
        }
    }

    /// The scorecard in use, or a sentence saying how to choose one.
    pub fn require_scorecard(&self) -> StoreResult<Scorecard> {
        self.scorecard_in_use()?.ok_or_else(|| {
            StoreError::NotAllowed(
                "no scorecard is chosen on this device; choose one (luquan, jinxiang or a bank's definition) first".into(),
            )
        })
    }

    /// Chooses the scorecard: a preset name or a definition text (checked first).
    pub fn use_scorecard(&mut self, name_or_definition: &str) -> StoreResult<Scorecard> {
        let card = scorecard_from(name_or_definition).map_err(StoreError::InvalidInput)?;
        self.set_setting(SCORECARD_SETTING, name_or_definition)?;
        Ok(card)
    }

    /// Scores the household's saved facts, records the run as shown to the resident (the
    /// batch carries it; probing stays visible), and returns what to show.
    pub fn show_estimate(
        &mut self,
        id: &HouseholdId,
        card: &Scorecard,
        options: ScoringOptions,
    ) -> StoreResult<ShownEstimate> {
        let facts = self.household(id)?.facts.ok_or_else(|| {
            StoreError::NotAllowed(
                "the household has no saved facts yet; fill in the visit form first".into(),
            )
        })?;
        let result = card.score(&id.0, &facts, options);
        let run = ScoringRun::new(card, &facts, &result, true, ScoringRun::now());
        self.record_scoring_run(&run)?;
        Ok(ShownEstimate { result, run })
    }
}
