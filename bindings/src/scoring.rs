//! Scoring calls: the form's facts, the estimate shown at the door with its explanation and
//! what would raise it, the form's progress, committee aggregation and reconciliation.
//! A scorecard is named by preset (`luquan`, `jinxiang`) or given as definition text.

use crate::error::{ApiResult, CunxinError};
use crate::facts::{FactValue, from_json, to_facts, to_json};
use cunxin_core::scoring::committee::{self, Rating};
use cunxin_core::scoring::definition::{FactType, Label, OptionDecl};
use cunxin_core::scoring::exact::decimal_to_f64;
use cunxin_core::scoring::form::ValueProblem;
use cunxin_core::scoring::items::item_max;
use cunxin_core::scoring::partial::PartialEvaluation;
use cunxin_core::scoring::reconcile::{self, GapDecision, ReconcileError, Reconciliation};
use cunxin_core::scoring::result::{ScoreErrorCode, ScoreResult};
use cunxin_core::scoring::{Scorecard, ScoringOptions, check, presets};
use std::collections::HashMap;

/// One field of the visit form, as the scorecard declares it.
#[derive(uniffi::Record)]
pub struct FactField {
    pub id: String,
    pub label: Label,
    pub fact_type: FactType,
    pub options: Vec<OptionDecl>,
    pub required: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The value an optional field takes when left empty.
    pub default_value: Option<FactValue>,
}

/// The visit form a scorecard declares.
#[derive(uniffi::Record)]
pub struct ScorecardForm {
    pub scorecard: String,
    pub version: String,
    pub name: Label,
    pub fields: Vec<FactField>,
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

pub(crate) fn scorecard(name_or_definition: &str) -> ApiResult<Scorecard> {
    presets::scorecard_from(name_or_definition).map_err(CunxinError::invalid)
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

/// The visit form, rendered from the scorecard.
#[uniffi::export]
pub fn scorecard_form(scorecard_name: String) -> ApiResult<ScorecardForm> {
    Ok(form_of(&scorecard(&scorecard_name)?))
}

/// Checks one value as it is entered: None when it fits (an empty field always fits; what is
/// still missing is the form progress's answer).
#[uniffi::export]
pub fn check_fact_value(
    scorecard_name: String,
    fact: String,
    value: FactValue,
) -> ApiResult<Option<ValueProblem>> {
    let card = scorecard(&scorecard_name)?;
    Ok(card.check_value(&fact, &to_json(value)?).err())
}

pub(crate) fn form_of(card: &Scorecard) -> ScorecardForm {
    ScorecardForm {
        scorecard: card.id.clone(),
        version: card.version.clone(),
        name: card.name.clone(),
        fields: card
            .facts
            .iter()
            .map(|f| FactField {
                id: f.id.clone(),
                label: f.label.clone(),
                fact_type: f.fact_type,
                options: f.options.clone(),
                required: f.required,
                min: f.min.map(|m| decimal_to_f64(*m)),
                max: f.max.map(|m| decimal_to_f64(*m)),
                default_value: f.default.clone().and_then(from_json),
            })
            .collect(),
    }
}

/// Scores one household's facts (a JSON object). Missing or wrong facts are listed, not thrown.
#[uniffi::export]
pub fn estimate_limit(
    scorecard_name: String,
    household: String,
    facts: HashMap<String, FactValue>,
    lpr_percent: Option<f64>,
) -> ApiResult<Estimate> {
    let card = scorecard(&scorecard_name)?;
    let r = card.score(
        &household,
        &to_facts(facts)?,
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
pub fn needed_facts(
    scorecard_name: String,
    facts: HashMap<String, FactValue>,
) -> ApiResult<Vec<String>> {
    Ok(scorecard(&scorecard_name)?.needed_facts(&to_facts(facts)?))
}

/// For a form in progress: what is still needed, what is earned and what is within reach.
#[uniffi::export]
pub fn form_progress(
    scorecard_name: String,
    facts: HashMap<String, FactValue>,
) -> ApiResult<PartialEvaluation> {
    Ok(scorecard(&scorecard_name)?.evaluate_partial(&to_facts(facts)?))
}

pub(crate) fn summary(c: committee::CommitteeLimit) -> CommitteeSummary {
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
            role: None,
            business: None,
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
            role: None,
            business: None,
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
) -> ApiResult<Reconciliation> {
    let decision = match (reason, amount_yuan) {
        (Some(reason), Some(amount_yuan)) => Some(GapDecision {
            reason,
            amount_yuan,
        }),
        (None, None) => None,
        (None, Some(_)) => return Err(ReconcileError::EmptyReason.into()),
        (Some(_), None) => {
            return Err(CunxinError::invalid(
                "a reason for a large gap needs the chosen amount too",
            ));
        }
    };
    Ok(reconcile::reconcile(
        model_limit_yuan,
        committee_limit_yuan,
        decision.as_ref(),
        cap_yuan,
    )?)
}
