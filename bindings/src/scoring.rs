//! Scoring calls: the form's facts, the estimate shown at the door with its explanation and
//! what would raise it, the form's progress, committee aggregation and reconciliation.
//! A scorecard is named by preset (`luquan`, `jinxiang`) or given as definition text.

use crate::error::{ApiResult, CunxinError};
use cunxin_core::scoring::committee::{self, Rating, RatingError};
use cunxin_core::scoring::exact::decimal_to_f64;
use cunxin_core::scoring::items::item_max;
use cunxin_core::scoring::reconcile::{self, GapDecision, ReconcileError};
use cunxin_core::scoring::result::{ScoreErrorCode, ScoreResult};
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
    /// The value (JSON) an optional field takes when left empty.
    pub default_json: Option<String>,
}

#[derive(uniffi::Record)]
pub struct ItemPoints {
    pub item: String,
    pub label: String,
    pub label_en: String,
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
    /// Why: every item's points.
    pub contributions: Vec<ItemPoints>,
    /// What would raise it: the items (and honours) not yet fully earned.
    pub improvements: Vec<ItemPoints>,
    /// Facts that are absent (`missing_fact`) or wrong (`invalid_fact`); empty when scored.
    pub missing_facts: Vec<String>,
    pub invalid_facts: Vec<String>,
}

/// How far the visit form is: what is still needed and what is within reach.
#[derive(uniffi::Record)]
pub struct FormProgress {
    pub missing_facts: Vec<String>,
    pub invalid_facts: Vec<String>,
    pub ineligible_reasons: Vec<String>,
    pub vetoed: bool,
    pub points_so_far: f64,
    pub points_possible: f64,
    pub complete: bool,
}

/// One panel member's rating; `suggested_limit_yuan` None is an abstention.
#[derive(uniffi::Record)]
pub struct PanelRating {
    pub member: String,
    pub suggested_limit_yuan: Option<i64>,
    pub integrity: Option<u8>,
    pub estimated_income_yuan: Option<i64>,
    pub note: String,
}

#[derive(uniffi::Record)]
pub struct CommitteeSummary {
    pub limit_yuan: Option<i64>,
    pub ratings: u32,
    pub abstentions: u32,
    pub insufficient_reviews: bool,
    pub disputed: bool,
    pub lowest_yuan: Option<i64>,
    pub highest_yuan: Option<i64>,
    pub mean_integrity: Option<f64>,
    pub estimated_income_yuan: Option<i64>,
}

#[derive(uniffi::Record)]
pub struct LimitProposal {
    pub model_limit_yuan: i64,
    pub committee_limit_yuan: Option<i64>,
    pub proposed_limit_yuan: i64,
    /// no_review, agreed, needs_reason or reasoned.
    pub flag: String,
    /// |M − C| / max(M, C) in per mille, rounded down; None without a committee limit.
    pub gap_permille: Option<i64>,
}

pub(crate) fn scorecard(name_or_definition: &str) -> ApiResult<Scorecard> {
    presets::scorecard_from(name_or_definition).map_err(CunxinError::InvalidInput)
}

fn facts(facts_json: &str) -> ApiResult<Facts> {
    serde_json::from_str(facts_json).map_err(|_| {
        CunxinError::InvalidInput("the facts must be a JSON object of fact id to value".into())
    })
}

/// The names of the built-in scorecards.
#[uniffi::export]
pub fn scorecard_presets() -> Vec<String> {
    presets::preset_names().map(String::from).collect()
}

/// Every problem of a bank's definition text, one sentence each (empty when sound).
#[uniffi::export]
pub fn check_scorecard(definition: String) -> Vec<String> {
    check::check_definition(&definition)
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
            fact_type: f.fact_type.name().to_string(),
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
            min: f.min.map(|m| decimal_to_f64(*m)),
            max: f.max.map(|m| decimal_to_f64(*m)),
            default_json: f.default.as_ref().map(|d| d.to_string()),
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
    Ok(estimate_of(&card, r))
}

/// The app's view of a score.
pub(crate) fn estimate_of(card: &Scorecard, r: ScoreResult) -> Estimate {
    let (missing_facts, invalid_facts) = match &r.error {
        Some(e) if e.code == ScoreErrorCode::MissingFact => (e.facts.clone(), vec![]),
        Some(e) => (vec![], e.facts.clone()),
        None => (vec![], vec![]),
    };
    let contributions = r
        .contributions
        .iter()
        .zip(&card.items)
        .map(|(c, item)| ItemPoints {
            item: c.item.clone(),
            label: c.label.clone(),
            label_en: c.label_en.clone(),
            points: c.points.as_f64(),
            max_points: item_max(item, card).unwrap_or(c.points).as_f64(),
        })
        .collect();
    let improvements = r
        .improvements
        .iter()
        .map(|i| ItemPoints {
            item: i.item.clone(),
            label: i.label.clone(),
            label_en: i.label_en.clone(),
            points: i.points.as_f64(),
            max_points: i.max_points.as_f64(),
        })
        .collect();
    Estimate {
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
        contributions,
        improvements,
        missing_facts,
        invalid_facts,
    }
}

/// For a form in progress: the facts still needed, in form order.
#[uniffi::export]
pub fn needed_facts(scorecard_name: String, facts_json: String) -> ApiResult<Vec<String>> {
    Ok(scorecard(&scorecard_name)?.needed_facts(&facts(&facts_json)?))
}

/// For a form in progress: what is still needed, what is earned and what is within reach.
#[uniffi::export]
pub fn form_progress(scorecard_name: String, facts_json: String) -> ApiResult<FormProgress> {
    let p = scorecard(&scorecard_name)?.evaluate_partial(&facts(&facts_json)?);
    Ok(FormProgress {
        missing_facts: p.missing,
        invalid_facts: p.invalid,
        ineligible_reasons: p.ineligible_reasons,
        vetoed: p.vetoed,
        points_so_far: p.points_so_far.as_f64(),
        points_possible: p.points_possible.as_f64(),
        complete: p.complete,
    })
}

fn summary(c: committee::CommitteeLimit) -> CommitteeSummary {
    CommitteeSummary {
        limit_yuan: c.limit_yuan,
        ratings: c.ratings as u32,
        abstentions: c.abstentions as u32,
        insufficient_reviews: c.insufficient_reviews,
        disputed: c.disputed,
        lowest_yuan: c.lowest_yuan,
        highest_yuan: c.highest_yuan,
        mean_integrity: c.mean_integrity.map(|t| t.as_f64()),
        estimated_income_yuan: c.estimated_income_yuan,
    }
}

/// The committee limit from the panel's suggestions alone (None = abstained).
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
    summary(committee::aggregate(&ratings))
}

/// The committee's result from the full back-to-back ratings, each checked first.
#[uniffi::export]
pub fn committee_review(ratings: Vec<PanelRating>) -> ApiResult<CommitteeSummary> {
    let ratings: Vec<Rating> = ratings
        .into_iter()
        .map(|r| Rating {
            member: r.member,
            suggested_limit_yuan: r.suggested_limit_yuan,
            integrity: r.integrity,
            estimated_income_yuan: r.estimated_income_yuan,
            note: r.note,
        })
        .collect();
    Ok(summary(committee::aggregate_checked(&ratings)?))
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
        (None, Some(_)) => return Err(ReconcileError::EmptyReason.into()),
        (Some(_), None) => {
            return Err(CunxinError::InvalidInput(
                "a reason for a large gap needs the chosen amount too".into(),
            ));
        }
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
        model_limit_yuan: r.model_limit_yuan,
        committee_limit_yuan: r.committee_limit_yuan,
        proposed_limit_yuan: r.proposed_limit_yuan,
        flag,
        gap_permille: r.gap_permille,
    })
}

impl From<ReconcileError> for CunxinError {
    fn from(e: ReconcileError) -> Self {
        CunxinError::InvalidInput(e.to_string())
    }
}

impl From<RatingError> for CunxinError {
    fn from(e: RatingError) -> Self {
        CunxinError::InvalidInput(e.to_string())
    }
}
