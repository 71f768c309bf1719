//! Facts and helpers shared by the scoring tests.

use crate::scoring::presets::preset;
use crate::scoring::{Facts, ScoreResult, ScoringOptions};
use serde_json::{Value, json};

pub fn facts(value: Value) -> Facts {
    value.as_object().unwrap().clone()
}

/// `base` with some facts replaced (or added).
pub fn with(base: &Facts, changes: Value) -> Facts {
    let mut f = base.clone();
    for (k, v) in changes.as_object().unwrap() {
        f.insert(k.clone(), v.clone());
    }
    f
}

pub fn score(card: &str, f: &Facts) -> ScoreResult {
    preset(card)
        .unwrap()
        .score("h1", f, ScoringOptions::default())
}

/// The points one item gave.
pub fn item(r: &ScoreResult, id: &str) -> f64 {
    assert_eq!(r.error, None);
    r.contributions
        .iter()
        .find(|c| c.item == id)
        .unwrap_or_else(|| panic!("no item {id}"))
        .points
        .as_f64()
}

/// Luquan facts worth the full 100 points.
pub fn luquan_full() -> Facts {
    facts(json!({
        "applicant_age": 30, "full_capacity": true, "legal_income": true, "bad_loan_or_dispute": false,
        "education": "college", "marital_status": "married", "health": "good", "occupation": "salaried",
        "household_net_income_yuan": 90000, "household_size": 3,
        "total_assets_yuan": 500000, "total_liabilities_yuan": 0,
        "credit_history": "clean_loans", "in_credit_village": true, "insured": true,
        "entrepreneur": true, "committee_evaluation": "good", "negative_records": 0
    }))
}

/// Luquan facts worth exactly 80: full marks less the 20 "other" and environment points.
pub fn luquan_80() -> Facts {
    with(
        &luquan_full(),
        json!({"committee_evaluation": "poor", "entrepreneur": false, "insured": false, "in_credit_village": false}),
    )
}

/// Exactly 70: 80 − 5 (per-capita 20,000) − 1 (single) − 1 (fair health) − 3 (records).
pub fn luquan_70() -> Facts {
    with(
        &luquan_80(),
        json!({"household_net_income_yuan": 60000, "marital_status": "single", "health": "fair", "negative_records": 3}),
    )
}

/// Jinxiang facts that pass the base conditions: 30 points.
pub fn jinxiang_base() -> Facts {
    facts(json!({
        "applicant_age": 40, "full_capacity": true, "fixed_residence": true, "fixed_income": true,
        "no_major_bad_credit": true, "applicant_type": "household"
    }))
}

pub fn honours(h: Value) -> Facts {
    with(&jinxiang_base(), json!({ "honors": h }))
}
