//! Scoring calls: the form's facts, the estimate shown at the door with its explanation,
//! what is still needed, committee aggregation and reconciliation.
//! A scorecard is named by preset (`luquan`, `jinxiang`) or given as definition text.

use crate::error::{ApiResult, CunxinError};
use cunxin_core::scoring::committee::{self, Rating};
use cunxin_core::scoring::engine::fact_type_name;
use cunxin_core::scoring::reconcile::{self, GapDecision, ReconcileError};
use cunxin_core::scoring::result::ScoreErrorCode;
use cunxin_core::scoring::{Facts, Scorecard, ScoringOptions, check, presets};

#[derive(uniffi::Record)]
pub struct FactOption {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
}

/// One field of the visit form, as the scorecard declares it.
#[derive(uniffi::Record)]
pub struct FactField {
    pub id: String,
    pub label_zh: String,
    pub label_en: String,
    /// number, integer, boolean, option, option_list or levels.
    pub fact_type: String,
    pub options: Vec<FactOption>,
    pub required: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(uniffi::Record)]
pub struct ItemPoints {
    pub item: String,
    pub label: String,
    pub points: f64,
    /// The most the item can give; equal to `points` when fully earned.
    pub max_points: f64,
}

/// The estimate for one household, with why and what would raise it.
#[derive(uniffi::Record)]
pub struct Estimate {
    pub scorecard: String,
    pub scorecard_version: String,
    pub eligible: bool,
    pub vetoed: bool,
    pub points: f64,
    pub grade: Option<String>,
    pub credit_household: bool,
    pub limit_yuan: i64,
    pub initial_limit_yuan: Option<i64>,
    pub rate_percent: Option<f64>,
    pub reasons: Vec<String>,
    pub contributions: Vec<ItemPoints>,
    pub improvements: Vec<ItemPoints>,
    /// Facts that are absent (`missing_fact`) or wrong (`invalid_fact`); empty when scored.
    pub missing_facts: Vec<String>,
    pub invalid_facts: Vec<String>,
}

#[derive(uniffi::Record)]
pub struct CommitteeSummary {
    pub limit_yuan: Option<i64>,
    pub ratings: u32,
    pub abstentions: u32,
    pub insufficient_reviews: bool,
    pub disputed: bool,
}

#[derive(uniffi::Record)]
pub struct LimitProposal {
    pub proposed_limit_yuan: i64,
    /// no_review, agreed, needs_reason or reasoned.
    pub flag: String,
}

fn scorecard(name_or_definition: &str) -> ApiResult<Scorecard> {
    if let Some(card) = presets::preset(name_or_definition) {
        return Ok(card);
    }
    let problems = check::check_definition(name_or_definition);
    match problems.first() {
        Some(first) => Err(CunxinError::InvalidInput(format!(
            "the scorecard is neither a built-in name nor a sound definition: {first}"
        ))),
        None => Scorecard::from_toml(name_or_definition).map_err(CunxinError::InvalidInput),
    }
}

fn facts(facts_json: &str) -> ApiResult<Facts> {
    serde_json::from_str(facts_json).map_err(|_| {
        CunxinError::InvalidInput("the facts must be a JSON object of fact id to value".into())
    })
}

/// The visit form's scoring fields, rendered from the scorecard.
#[uniffi::export]
pub fn scorecard_form(scorecard_name: String) -> ApiResult<Vec<FactField>> {
    let card = scorecard(&scorecard_name)?;
    Ok(card
        .facts
        .iter()
        .map(|f| FactField {
            id: f.id.clone(),
            label_zh: f.label.zh.clone(),
            label_en: f.label.en.clone(),
            fact_type: fact_type_name(f.fact_type).to_string(),
            options: f
                .options
                .iter()
                .map(|o| FactOption {
                    code: o.code.clone(),
                    label_zh: o.label.zh.clone(),
                    label_en: o.label.en.clone(),
                })
                .collect(),
            required: f.required,
            min: f.min,
            max: f.max,
        })
        .collect())
}

/// Scores one household's facts (a JSON object). Missing or wrong facts are listed, not thrown.
#[uniffi::export]
pub fn estimate_limit(
    scorecard_name: String,
    household: String,
    facts_json: String,
    lpr_percent: Option<f64>,
) -> ApiResult<Estimate> {
    let card = scorecard(&scorecard_name)?;
    let r = card.score(
        &household,
        &facts(&facts_json)?,
        ScoringOptions { lpr_percent },
    );
    let (missing_facts, invalid_facts) = match &r.error {
        Some(e) if e.code == ScoreErrorCode::MissingFact => (e.facts.clone(), vec![]),
        Some(e) => (vec![], e.facts.clone()),
        None => (vec![], vec![]),
    };
    let earned = |item: &str| {
        r.contributions
            .iter()
            .find(|c| c.item == item)
            .map(|c| c.points)
    };
    Ok(Estimate {
        contributions: r
            .contributions
            .iter()
            .map(|c| {
                let max = r
                    .improvements
                    .iter()
                    .find(|i| i.item == c.item)
                    .map_or(c.points, |i| i.max_points);
                ItemPoints {
                    item: c.item.clone(),
                    label: c.label.clone(),
                    points: c.points.as_f64(),
                    max_points: max.as_f64(),
                }
            })
            .collect(),
        improvements: r
            .improvements
            .iter()
            .map(|i| ItemPoints {
                item: i.item.clone(),
                label: i.label.clone(),
                points: earned(&i.item).unwrap_or(i.points).as_f64(),
                max_points: i.max_points.as_f64(),
            })
            .collect(),
        scorecard: r.scorecard,
        scorecard_version: r.scorecard_version,
        eligible: r.eligible,
        vetoed: r.vetoed,
        points: r.points.as_f64(),
        grade: r.grade,
        credit_household: r.credit_household,
        limit_yuan: r.limit_yuan,
        initial_limit_yuan: r.initial_limit_yuan,
        rate_percent: r.rate_percent,
        reasons: r.reasons,
        missing_facts,
        invalid_facts,
    })
}

/// For a form in progress: the facts still needed, in form order.
#[uniffi::export]
pub fn needed_facts(scorecard_name: String, facts_json: String) -> ApiResult<Vec<String>> {
    Ok(scorecard(&scorecard_name)?.needed_facts(&facts(&facts_json)?))
}

/// The committee limit from the panel's suggestions (None = abstained).
#[uniffi::export]
pub fn committee_limit(suggestions_yuan: Vec<Option<i64>>) -> CommitteeSummary {
    let ratings: Vec<Rating> = suggestions_yuan
        .into_iter()
        .enumerate()
        .map(|(i, s)| Rating {
            member: i.to_string(),
            suggested_limit_yuan: s,
            integrity: None,
            estimated_income_yuan: None,
            note: String::new(),
        })
        .collect();
    let c = committee::aggregate(&ratings);
    CommitteeSummary {
        limit_yuan: c.limit_yuan,
        ratings: c.ratings as u32,
        abstentions: c.abstentions as u32,
        insufficient_reviews: c.insufficient_reviews,
        disputed: c.disputed,
    }
}

/// Reconciles the model and committee limits; a large gap needs `reason` and `amount_yuan`.
#[uniffi::export]
pub fn reconcile_limits(
    model_limit_yuan: i64,
    committee_limit_yuan: Option<i64>,
    reason: Option<String>,
    amount_yuan: Option<i64>,
    cap_yuan: Option<i64>,
) -> ApiResult<LimitProposal> {
    let decision = match (reason, amount_yuan) {
        (Some(reason), Some(amount_yuan)) => Some(GapDecision {
            reason,
            amount_yuan,
        }),
        (None, None) => None,
        _ => return Err(ReconcileError::EmptyReason.into()),
    };
    let r = reconcile::reconcile(
        model_limit_yuan,
        committee_limit_yuan,
        decision.as_ref(),
        cap_yuan,
    )?;
    let flag = serde_json::to_value(&r.flag)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    Ok(LimitProposal {
        proposed_limit_yuan: r.proposed_limit_yuan,
        flag,
    })
}

impl From<ReconcileError> for CunxinError {
    fn from(e: ReconcileError) -> Self {
        CunxinError::InvalidInput(e.to_string())
    }
}
