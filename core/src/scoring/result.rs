//! The result of scoring one household, as the CLI contract and the app show it.

use super::points::Tenths;
use serde::{Deserialize, Serialize};

/// One item's points: the "why" of a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub item: String,
    pub label: String,
    pub label_en: String,
    pub points: Tenths,
}

/// Something not yet fully earned: what would raise the score, and by how much at most.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Improvement {
    /// The item id; `item.code` for one entry of a leveled item (e.g. `honors.moral_model`).
    pub item: String,
    pub label: String,
    pub label_en: String,
    pub points: Tenths,
    pub max_points: Tenths,
}

impl Improvement {
    /// The most this would add.
    pub fn gain(&self) -> Tenths {
        self.max_points - self.points
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreErrorCode {
    MissingFact,
    InvalidFact,
}

impl ScoreErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ScoreErrorCode::MissingFact => "missing_fact",
            ScoreErrorCode::InvalidFact => "invalid_fact",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreError {
    pub code: ScoreErrorCode,
    pub facts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreResult {
    pub household: String,
    pub scorecard: String,
    pub scorecard_version: String,
    pub eligible: bool,
    pub vetoed: bool,
    pub points: Tenths,
    pub grade: Option<String>,
    pub credit_household: bool,
    pub limit_yuan: i64,
    pub initial_limit_yuan: Option<i64>,
    pub rate_percent: Option<f64>,
    pub reasons: Vec<String>,
    pub contributions: Vec<Contribution>,
    pub improvements: Vec<Improvement>,
    pub error: Option<ScoreError>,
}

impl ScoreResult {
    /// A result carrying only an error, every other field at its zero value.
    pub fn failed(household: &str, scorecard: (&str, &str), error: ScoreError) -> ScoreResult {
        ScoreResult {
            error: Some(error),
            ..ScoreResult::blank(household, scorecard)
        }
    }

    /// Not eligible, nothing earned: every field at its zero value.
    pub fn blank(household: &str, scorecard: (&str, &str)) -> ScoreResult {
        ScoreResult {
            household: household.to_string(),
            scorecard: scorecard.0.to_string(),
            scorecard_version: scorecard.1.to_string(),
            eligible: false,
            vetoed: false,
            points: Tenths::ZERO,
            grade: None,
            credit_household: false,
            limit_yuan: 0,
            initial_limit_yuan: None,
            rate_percent: None,
            reasons: Vec::new(),
            contributions: Vec::new(),
            improvements: Vec::new(),
            error: None,
        }
    }
}
