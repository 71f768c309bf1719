//! What the grid manager records at the door, for both seed scorecards, following each
//! household's economy so the scores and the panel's view agree the way they do in a village.

use crate::households::{Economy, Livelihood, SampleHousehold, age};
use cunxin_core::scoring::Facts;
use rand::Rng;
use rand::seq::IndexedRandom;
use serde_json::{Value, json};

fn object(value: Value) -> Facts {
    value.as_object().expect("facts are an object").clone()
}

/// The village committee's standing of the household: most are in good standing.
pub fn standing(rng: &mut impl Rng, economy: &Economy) -> &'static str {
    if economy.credit_history == "overdue" {
        "average"
    } else {
        *[
            "good",
            "good",
            "good",
            "fairly_good",
            "fairly_good",
            "average",
        ]
        .choose(rng)
        .expect("not empty")
    }
}

pub fn luquan(rng: &mut impl Rng, household: &SampleHousehold, standing: &str) -> Facts {
    let head = household.head();
    let economy = &household.economy;
    let head_age = age(head);
    let married = household
        .members
        .iter()
        .any(|m| matches!(m.relation, "妻子" | "丈夫"));
    object(json!({
        "applicant_age": head_age,
        "full_capacity": true,
        "legal_income": true,
        "bad_loan_or_dispute": economy.credit_history == "overdue" && rng.random_ratio(1, 3),
        "education": if head_age > 55 {
            *["primary_or_less", "middle_school"].choose(rng).expect("not empty")
        } else {
            *["middle_school", "middle_school", "high_school", "college"].choose(rng).expect("not empty")
        },
        "marital_status": if married { "married" } else if head_age < 30 { "single" } else { "widowed" },
        "health": if head_age > 65 { "fair" } else { "good" },
        "occupation": economy.livelihood.code(),
        "household_net_income_yuan": economy.net_income_yuan,
        "household_size": household.members.len(),
        "total_assets_yuan": economy.assets_yuan,
        "total_liabilities_yuan": economy.liabilities_yuan,
        "credit_history": economy.credit_history,
        "in_credit_village": false,
        "insured": economy.insured,
        "entrepreneur": economy.livelihood == Livelihood::Business,
        "committee_evaluation": standing,
        "negative_records": u32::from(economy.credit_history == "overdue"),
    }))
}

pub fn jinxiang(rng: &mut impl Rng, household: &SampleHousehold, standing: &str) -> Facts {
    let economy = &household.economy;
    let mut honors = serde_json::Map::new();
    if rng.random_ratio(1, 5) {
        honors.insert("party_member".into(), json!(true));
    }
    if standing == "good" && rng.random_ratio(1, 3) {
        let level = ["village", "town", "county"]
            .choose(rng)
            .expect("not empty");
        honors.insert("civilized_family".into(), json!(level));
    }
    if rng.random_ratio(1, 6) {
        honors.insert("beautiful_courtyard".into(), json!("village"));
    }
    if rng.random_ratio(1, 12) {
        honors.insert("veteran_or_hero".into(), json!(true));
    }
    let deductions: Vec<&str> = if standing == "average" && rng.random_ratio(1, 2) {
        vec!["litter"]
    } else {
        vec![]
    };
    object(json!({
        "applicant_age": age(household.head()),
        "full_capacity": true,
        "fixed_residence": true,
        "fixed_income": economy.livelihood != Livelihood::None,
        "no_major_bad_credit": economy.credit_history != "overdue",
        "applicant_type": if economy.livelihood == Livelihood::Business { "business" } else { "household" },
        "honors": honors,
        "deductions": deductions,
        "vetoes": [],
    }))
}
