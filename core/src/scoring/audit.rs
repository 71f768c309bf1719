//! Scoring-run records: every run is kept, so repeated re-entry of facts to probe for a
//! higher limit (forbidden to staff by the rural credit co-op rules) can be seen.

use super::definition::Scorecard;
use super::facts::Facts;
use super::points::Tenths;
use super::result::ScoreResult;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// After an estimate was shown, this many edits of score-changing facts flag the household.
/// Three: one correction after showing is normal, two can happen; a third looks like probing.
pub const PROBING_EDIT_THRESHOLD: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoringRun {
    pub household: String,
    pub scorecard: String,
    pub scorecard_version: String,
    /// SHA-256 of the canonical JSON of the scorecard's declared facts only.
    pub facts_sha256: String,
    pub points: Tenths,
    pub limit_yuan: i64,
    pub error: Option<String>,
    /// Whether this estimate was shown to the resident.
    pub shown_to_resident: bool,
    /// RFC 3339 time of the run.
    pub at: String,
}

impl ScoringRun {
    pub fn new(
        card: &Scorecard,
        facts: &Facts,
        result: &ScoreResult,
        shown: bool,
        at: String,
    ) -> Self {
        ScoringRun {
            household: result.household.clone(),
            scorecard: card.id.clone(),
            scorecard_version: card.version.clone(),
            facts_sha256: score_facts_hash(card, facts),
            points: result.points,
            limit_yuan: result.limit_yuan,
            error: result.error.as_ref().map(|e| format!("{:?}", e.code)),
            shown_to_resident: shown,
            at,
        }
    }
}

/// Hash of the facts the scorecard reads, keys sorted, so edits of other fields do not count.
pub fn score_facts_hash(card: &Scorecard, facts: &Facts) -> String {
    let relevant: std::collections::BTreeMap<&str, &serde_json::Value> = card
        .facts
        .iter()
        .filter_map(|d| facts.get(&d.id).map(|v| (d.id.as_str(), v)))
        .collect();
    let canonical = serde_json::to_vec(&relevant).unwrap_or_default();
    hex::encode(Sha256::digest(canonical))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbingFlag {
    pub household: String,
    pub edits_after_shown: usize,
}

/// Flags probing in one household's runs (in time order): score-changing fact edits after
/// the first estimate shown to the resident, at least `PROBING_EDIT_THRESHOLD` of them.
pub fn probing_flag(runs: &[ScoringRun]) -> Option<ProbingFlag> {
    let first_shown = runs.iter().position(|r| r.shown_to_resident)?;
    let edits = runs[first_shown..]
        .windows(2)
        .filter(|pair| pair[0].facts_sha256 != pair[1].facts_sha256)
        .count();
    (edits >= PROBING_EDIT_THRESHOLD).then(|| ProbingFlag {
        household: runs[first_shown].household.clone(),
        edits_after_shown: edits,
    })
}
