//! The form in progress, and the scoring-run records that expose probing.

use super::support::*;
use crate::scoring::audit::{
    PROBING_EDIT_THRESHOLD, ScoringRun, probing_flag, probing_flags, score_facts_hash,
};
use crate::scoring::points::Tenths;
use crate::scoring::presets::preset;
use crate::scoring::{Facts, ScoringOptions};
use serde_json::json;

#[test]
fn partial_evaluation_lists_what_the_form_still_needs() {
    let card = preset("luquan").unwrap();
    let f = facts(
        json!({"applicant_age": 30, "education": "phd", "insured": true, "in_credit_village": true}),
    );
    let p = card.evaluate_partial(&f);
    assert_eq!(p.invalid, vec!["education".to_string()]);
    assert!(p.missing.contains(&"full_capacity".to_string()));
    assert!(p.missing.contains(&"household_net_income_yuan".to_string()));
    assert!(!p.missing.contains(&"applicant_age".to_string()));
    assert!(!p.complete && !p.vetoed && p.ineligible_reasons.is_empty());
    // age 2 + insured 5 + credit village 3 so far; the open items could still give 90 more.
    assert_eq!(p.points_so_far, Tenths::points(10));
    assert_eq!(p.points_possible, Tenths::points(100));
    let needed = card.needed_facts(&f);
    assert_eq!(needed[0], "full_capacity", "form order");
    assert!(needed.contains(&"education".to_string()));

    let done = card.evaluate_partial(&luquan_full());
    assert!(done.complete && done.missing.is_empty() && done.invalid.is_empty());
    assert_eq!(
        (done.points_so_far, done.points_possible),
        (Tenths::points(100), Tenths::points(100))
    );
    assert!(card.needed_facts(&luquan_full()).is_empty());
}

#[test]
fn an_ineligible_applicant_needs_nothing_more() {
    let card = preset("luquan").unwrap();
    let f = facts(
        json!({"applicant_age": 75, "full_capacity": true, "legal_income": true, "bad_loan_or_dispute": false}),
    );
    let p = card.evaluate_partial(&f);
    assert_eq!(p.ineligible_reasons.len(), 1);
    assert!(p.missing.is_empty() && !p.complete);
    assert_eq!(p.points_possible, Tenths::ZERO);
}

#[test]
fn partial_evaluation_sees_bad_levels_and_vetoes() {
    let card = preset("jinxiang").unwrap();
    let f = with(
        &jinxiang_base(),
        json!({"honors": {"moral_model": "village"}, "vetoes": ["other_veto"]}),
    );
    let p = card.evaluate_partial(&f);
    assert_eq!(p.invalid, vec!["honors".to_string()]);
    assert!(p.vetoed && !p.complete);
    let p = card.evaluate_partial(&facts(json!({"applicant_age": 40})));
    assert_eq!(
        p.missing,
        [
            "full_capacity",
            "fixed_residence",
            "fixed_income",
            "no_major_bad_credit",
            "applicant_type"
        ]
    );
    assert_eq!(
        p.points_so_far,
        Tenths::points(30),
        "base points need no facts"
    );
}

fn run(facts: &Facts, shown: bool) -> ScoringRun {
    let card = preset("luquan").unwrap();
    let r = card.score("h1", facts, ScoringOptions::default());
    ScoringRun::new(&card, facts, &r, shown, "2026-11-22T10:00:00+08:00".into())
}

#[test]
fn the_facts_hash_is_canonical() {
    let card = preset("luquan").unwrap();
    let a = luquan_70();
    let reordered: Facts = a
        .iter()
        .rev()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let as_float = with(&a, json!({"applicant_age": 30.0, "household_size": 3.0}));
    let with_extra = with(&a, json!({"remark": "门口有狗", "photo_count": 4}));
    let h = score_facts_hash(&card, &a);
    assert_eq!(h.len(), 64);
    for same in [&reordered, &as_float, &with_extra] {
        assert_eq!(score_facts_hash(&card, same), h);
    }
    assert_ne!(
        score_facts_hash(&card, &with(&a, json!({"insured": true}))),
        h
    );
    let r = run(&with(&a, json!({"education": "phd"})), false);
    assert_eq!(r.error.as_deref(), Some("invalid_fact"));
}

#[test]
fn probing_is_flagged_after_repeated_edits_once_an_estimate_was_shown() {
    let base = luquan_70();
    // Edits before anything was shown do not count.
    let mut runs = vec![
        run(&with(&base, json!({"negative_records": 1})), false),
        run(&with(&base, json!({"negative_records": 2})), false),
        run(&base, true),
    ];
    // Re-scoring the same facts, or editing fields the scorecard does not read, is no edit.
    runs.push(run(&with(&base, json!({"remark": "x"})), false));
    for income in [61000, 62000] {
        runs.push(run(
            &with(&base, json!({"household_net_income_yuan": income})),
            false,
        ));
    }
    assert_eq!(
        probing_flag(&runs),
        None,
        "two edits after showing are allowed"
    );
    runs.push(run(
        &with(&base, json!({"household_net_income_yuan": 90000})),
        false,
    ));
    let flag = probing_flag(&runs).expect("the third edit flags");
    assert_eq!(flag.edits_after_shown, PROBING_EDIT_THRESHOLD);
    assert_eq!(
        (flag.limit_first_shown_yuan, flag.limit_last_yuan),
        (30_000, 30_000)
    );
    assert_eq!(flag.household, "h1");

    // Runs under a new scorecard version are the bank re-scoring, not an edit.
    let mut rescored = runs[..6].to_vec();
    let mut newer = run(
        &with(&base, json!({"household_net_income_yuan": 70000})),
        false,
    );
    newer.scorecard_version = "2.0.0".into();
    rescored.push(newer);
    assert_eq!(probing_flag(&rescored), None);

    // Many households at once: only the prober is named.
    let mut other = run(&base, true);
    other.household = "h2".into();
    let mut all = runs.clone();
    all.insert(1, other);
    let flags = probing_flags(&all);
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].household, "h1");
}

#[test]
fn scoring_runs_serialize_for_the_store() {
    let r = run(&luquan_70(), true);
    let text = serde_json::to_string(&r).unwrap();
    assert!(text.contains("\"points\":70.0"), "{text}");
    assert_eq!(serde_json::from_str::<ScoringRun>(&text).unwrap(), r);
    assert!(ScoringRun::now().contains('T'));
}
