//! Scoring-run records: every run is kept, so repeated re-entry of facts to probe for a
//! higher limit (forbidden to staff by the rural credit co-op rules) can be seen. Pure values
//! and functions; the store persists the runs (table `scoring_runs`).

use super::definition::Scorecard;
use super::facts::Facts;
use super::points::Tenths;
use super::result::ScoreResult;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// After an estimate was shown to the resident, this many edits of score-changing facts
/// flag the household. Three, because one correction after showing is normal (a figure
/// misheard at the door) and a second can happen (a document found later), but a third
/// edit of the facts that move the score, with the resident watching the number, is the
/// pattern of trying inputs until the limit goes up.
pub const PROBING_EDIT_THRESHOLD: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoringRun {
    pub household: String,
    pub scorecard: String,
    pub scorecard_version: String,
    /// SHA-256 (hex) of the canonical JSON (RFC 8785) of the scorecard's declared facts only.
    pub facts_sha256: String,
    pub points: Tenths,
    pub limit_yuan: i64,
    /// `missing_fact` or `invalid_fact` when the run could not score.
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
            error: result.error.as_ref().map(|e| e.code.as_str().to_string()),
            shown_to_resident: shown,
            at,
        }
    }

    /// Now, in RFC 3339 with the local offset, for runs recorded as they happen.
    pub fn now() -> String {
        chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }
}

/// Hash of the facts the scorecard reads, in RFC 8785 canonical JSON: keys sorted at every
/// depth and numbers in one form (30 and 30.0 are the same fact), so re-entering the same
/// values or editing fields the scorecard does not read changes nothing.
pub fn score_facts_hash(card: &Scorecard, facts: &Facts) -> String {
    let relevant: BTreeMap<&str, &serde_json::Value> = card
        .facts
        .iter()
        .filter_map(|d| {
            facts
                .get(&d.id)
                .filter(|v| !v.is_null())
                .map(|v| (d.id.as_str(), v))
        })
        .collect();
    // JCS fails only on non-finite numbers, which JSON values cannot hold.
    let canonical = serde_jcs::to_vec(&relevant).unwrap_or_default();
    hex::encode(Sha256::digest(canonical))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbingFlag {
    pub household: String,
    /// Edits of score-changing facts after the first estimate shown.
    pub edits_after_shown: usize,
    /// The limit first shown to the resident, and the limit of the last run.
    pub limit_first_shown_yuan: i64,
    pub limit_last_yuan: i64,
}

/// Flags probing in one household's runs (in time order): score-changing fact edits after
/// the first estimate shown to the resident, at least `PROBING_EDIT_THRESHOLD` of them.
/// A change of scorecard or version between runs is not an edit (the bank re-scored).
pub fn probing_flag(runs: &[ScoringRun]) -> Option<ProbingFlag> {
    let first_shown = runs.iter().position(|r| r.shown_to_resident)?;
    let after = &runs[first_shown..];
    let edits = after
        .windows(2)
        .filter(|pair| {
            let (a, b) = (&pair[0], &pair[1]);
            a.scorecard == b.scorecard
                && a.scorecard_version == b.scorecard_version
                && a.facts_sha256 != b.facts_sha256
        })
        .count();
    (edits >= PROBING_EDIT_THRESHOLD).then(|| ProbingFlag {
        household: after[0].household.clone(),
        edits_after_shown: edits,
        limit_first_shown_yuan: after[0].limit_yuan,
        limit_last_yuan: after.last().map_or(0, |r| r.limit_yuan),
    })
}

/// The flagged households among the runs of many, in household order; each household's runs
/// keep their order of recording.
pub fn probing_flags(runs: &[ScoringRun]) -> Vec<ProbingFlag> {
    let mut by_household: BTreeMap<&str, Vec<ScoringRun>> = BTreeMap::new();
    for run in runs {
        by_household
            .entry(run.household.as_str())
            .or_default()
            .push(run.clone());
    }
    by_household
        .values()
        .filter_map(|runs| probing_flag(runs))
        .collect()
}
