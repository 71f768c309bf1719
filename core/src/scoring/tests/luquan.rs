//! Preset `luquan`: every table value and band edge of the spec.

use super::support::*;
use crate::scoring::engine::BELOW_THRESHOLD_REASON;
use crate::scoring::result::ScoreErrorCode;
use serde_json::json;

#[test]
fn full_marks_is_aaa() {
    let r = score("luquan", &luquan_full());
    assert_eq!(r.error, None);
    assert_eq!(r.points.as_f64(), 100.0);
    assert_eq!(
        (r.grade.as_deref(), r.limit_yuan, r.rate_percent),
        (Some("AAA"), 100_000, Some(4.5))
    );
    assert!(r.credit_household && r.eligible && !r.vetoed && r.reasons.is_empty());
    assert_eq!(
        r.contributions.iter().map(|c| c.points.0).sum::<i64>(),
        1000
    );
    assert!(r.improvements.is_empty(), "{:?}", r.improvements);
    assert_eq!(r.initial_limit_yuan, None, "luquan has no initial limit");
    assert_eq!(r.contributions[0].label, "文化程度");
    assert_eq!(r.contributions[0].label_en, "Education");
}

#[test]
fn family_option_tables() {
    let cases = [
        ("education", "college", 2.0),
        ("education", "high_school", 1.5),
        ("education", "middle_school", 1.0),
        ("education", "primary_or_less", 0.5),
        ("marital_status", "married", 2.0),
        ("marital_status", "single", 1.0),
        ("marital_status", "divorced", 1.0),
        ("marital_status", "widowed", 1.0),
        ("health", "good", 2.0),
        ("health", "fair", 1.0),
        ("health", "poor", 0.0),
        ("occupation", "salaried", 2.0),
        ("occupation", "business", 2.0),
        ("occupation", "farming", 1.5),
        ("occupation", "migrant_work", 1.5),
        ("occupation", "none", 0.0),
        ("credit_history", "clean_loans", 10.0),
        ("credit_history", "no_loans", 6.0),
        ("credit_history", "overdue", 0.0),
        ("committee_evaluation", "good", 7.0),
        ("committee_evaluation", "fairly_good", 5.0),
        ("committee_evaluation", "average", 3.0),
        ("committee_evaluation", "poor", 0.0),
    ];
    for (fact, code, points) in cases {
        let r = score("luquan", &with(&luquan_full(), json!({ fact: code })));
        assert_eq!(item(&r, fact), points, "{fact} = {code}");
    }
}

#[test]
fn flags_and_environment() {
    for (fact, item_id, points) in [
        ("in_credit_village", "credit_village", 3.0),
        ("insured", "insured", 5.0),
        ("entrepreneur", "entrepreneur", 5.0),
    ] {
        let yes = score("luquan", &with(&luquan_full(), json!({ fact: true })));
        let no = score("luquan", &with(&luquan_full(), json!({ fact: false })));
        assert_eq!(
            (item(&yes, item_id), item(&no, item_id)),
            (points, 0.0),
            "{fact}"
        );
    }
}

#[test]
fn age_bands_and_their_edges() {
    for (age, points) in [
        (18, 1.5),
        (24, 1.5),
        (25, 2.0),
        (45, 2.0),
        (46, 1.5),
        (55, 1.5),
        (56, 1.0),
        (60, 1.0),
    ] {
        let r = score(
            "luquan",
            &with(&luquan_full(), json!({"applicant_age": age})),
        );
        assert_eq!(item(&r, "age"), points, "age {age}");
    }
}

#[test]
fn ages_17_and_61_are_ineligible_with_the_reason() {
    for age in [17, 61] {
        let r = score(
            "luquan",
            &with(&luquan_full(), json!({"applicant_age": age})),
        );
        assert!(!r.eligible && r.error.is_none(), "age {age}");
        assert_eq!((r.limit_yuan, r.grade.clone(), r.points.0), (0, None, 0));
        assert_eq!(r.reasons.len(), 1);
        assert!(r.reasons[0].contains("18至60"), "{:?}", r.reasons);
        assert!(r.contributions.is_empty() && !r.credit_household);
    }
}

#[test]
fn every_failed_basic_condition_is_a_reason() {
    let r = score(
        "luquan",
        &with(
            &luquan_full(),
            json!({"bad_loan_or_dispute": true, "legal_income": false, "full_capacity": false}),
        ),
    );
    assert!(!r.eligible);
    assert_eq!(r.reasons.len(), 3, "{:?}", r.reasons);
    // An ineligible applicant needs no scoring facts at all.
    let r = score(
        "luquan",
        &facts(
            json!({"applicant_age": 70, "full_capacity": true, "legal_income": true, "bad_loan_or_dispute": false}),
        ),
    );
    assert_eq!((r.eligible, r.error), (false, None));
}

#[test]
fn per_capita_income_bands_exactly_at_each_limit() {
    let cases = [
        (90000.0, 3, 30.0),
        (89999.99, 3, 25.0),
        (210000.0, 7, 30.0), // 30,000 exactly, although 1/7 has no finite decimal
        (209999.0, 7, 25.0),
        (60000.0, 3, 25.0),
        (59999.99, 3, 20.0),
        (15000.0, 1, 20.0),
        (14999.99, 1, 15.0),
        (10000.0, 1, 15.0),
        (9999.99, 1, 10.0),
        (6000.0, 1, 10.0),
        (5999.99, 1, 5.0),
        (4000.0, 1, 5.0),
        (3999.99, 1, 0.0),
        (0.0, 4, 0.0),
    ];
    for (income, size, expected) in cases {
        let r = score(
            "luquan",
            &with(
                &luquan_full(),
                json!({"household_net_income_yuan": income, "household_size": size}),
            ),
        );
        assert_eq!(
            item(&r, "income_per_capita"),
            expected,
            "income {income} / {size}"
        );
    }
}

#[test]
fn total_asset_bands_exactly_at_each_limit() {
    for (assets, expected) in [
        (500_000.0, 20.0),
        (499_999.99, 16.0),
        (300_000.0, 16.0),
        (299_999.99, 12.0),
        (150_000.0, 12.0),
        (149_999.99, 8.0),
        (50_000.0, 8.0),
        (49_999.99, 4.0),
        (0.0, 4.0),
    ] {
        let r = score(
            "luquan",
            &with(&luquan_full(), json!({"total_assets_yuan": assets})),
        );
        assert_eq!(item(&r, "total_assets"), expected, "assets {assets}");
    }
}

#[test]
fn debt_ratio_bands_and_the_zero_cases() {
    let ratio = |assets: f64, liabilities: f64| {
        let r = score(
            "luquan",
            &with(
                &luquan_full(),
                json!({"total_assets_yuan": assets, "total_liabilities_yuan": liabilities}),
            ),
        );
        item(&r, "debt_ratio")
    };
    assert_eq!(ratio(100_000.0, 0.0), 10.0, "no liabilities");
    assert_eq!(ratio(100_000.0, 0.01), 8.0);
    assert_eq!(
        ratio(100_000.0, 20_000.0),
        6.0,
        "exactly 0.2 is not below 0.2"
    );
    assert_eq!(ratio(100_000.0, 19_999.99), 8.0);
    assert_eq!(
        ratio(100_000.0, 19_999.999_99),
        8.0,
        "exact beyond four decimals"
    );
    assert_eq!(ratio(100_000.0, 40_000.0), 3.0);
    assert_eq!(ratio(100_000.0, 39_999.99), 6.0);
    assert_eq!(ratio(100_000.0, 60_000.0), 0.0);
    assert_eq!(ratio(100_000.0, 59_999.99), 3.0);
    assert_eq!(ratio(100_000.0, 250_000.0), 0.0);
    assert_eq!(ratio(3.0, 1.0), 6.0, "1/3 compared exactly");
    assert_eq!(
        ratio(0.0, 0.0),
        10.0,
        "assets zero without debts: no liabilities"
    );
    assert_eq!(ratio(0.0, 1.0), 0.0, "assets zero with debts");
}

#[test]
fn negative_records_deduct_one_each_down_to_three() {
    for (records, points) in [
        (0, 0.0),
        (1, -1.0),
        (2, -2.0),
        (3, -3.0),
        (4, -3.0),
        (7, -3.0),
    ] {
        let r = score(
            "luquan",
            &with(&luquan_full(), json!({"negative_records": records})),
        );
        assert_eq!(item(&r, "negative_records"), points, "{records} records");
        assert_eq!(r.points.as_f64(), 100.0 + points);
    }
}

#[test]
fn grade_edges_with_loan_history() {
    let grade = |f| {
        let r = score("luquan", &f);
        (
            r.points.as_f64(),
            r.grade,
            r.limit_yuan,
            r.rate_percent,
            r.credit_household,
        )
    };
    let ninety = with(
        &luquan_full(),
        json!({"insured": false, "entrepreneur": false}),
    );
    assert_eq!(
        grade(ninety.clone()),
        (90.0, Some("AAA".into()), 100_000, Some(4.5), true)
    );
    let below = with(&ninety, json!({"education": "high_school"}));
    assert_eq!(
        grade(below),
        (89.5, Some("AA".into()), 50_000, Some(5.5), true)
    );
    assert_eq!(
        grade(luquan_80()),
        (80.0, Some("AA".into()), 50_000, Some(5.5), true)
    );
    let below = with(&luquan_80(), json!({"education": "high_school"}));
    assert_eq!(
        grade(below),
        (79.5, Some("A".into()), 30_000, Some(6.5), true)
    );
    assert_eq!(
        grade(luquan_70()),
        (70.0, Some("A".into()), 30_000, Some(6.5), true)
    );
    let r = score(
        "luquan",
        &with(&luquan_70(), json!({"education": "high_school"})),
    );
    assert_eq!(
        (
            r.points.as_f64(),
            r.grade.clone(),
            r.limit_yuan,
            r.rate_percent
        ),
        (69.5, None, 0, None)
    );
    assert!(r.eligible && !r.credit_household);
    assert_eq!(r.reasons, vec![BELOW_THRESHOLD_REASON.to_string()]);
}

#[test]
fn first_rating_without_loans_is_a_credit_household_from_fifty() {
    // 70 − 4 (no_loans gives 6, not 10) = 66 → grade "credit".
    let no_loans = with(&luquan_70(), json!({"credit_history": "no_loans"}));
    let r = score("luquan", &no_loans);
    assert_eq!(
        (
            r.points.as_f64(),
            r.grade.as_deref(),
            r.limit_yuan,
            r.rate_percent
        ),
        (66.0, Some("credit"), 10_000, Some(7.5))
    );
    // 66 − 16 (assets 500,000 → 49,999: 20 → 4) = 50: still "credit".
    let fifty = with(&no_loans, json!({"total_assets_yuan": 49999}));
    let r = score("luquan", &fifty);
    assert_eq!(
        (r.points.as_f64(), r.grade.as_deref()),
        (50.0, Some("credit"))
    );
    let r = score("luquan", &with(&fifty, json!({"education": "high_school"})));
    assert_eq!(
        (
            r.points.as_f64(),
            r.grade.as_deref(),
            r.credit_household,
            r.limit_yuan
        ),
        (49.5, None, false, 0)
    );
    // 69.5 without loans is still "credit"; 70 and more use the A/AA/AAA bands.
    let r = score(
        "luquan",
        &with(
            &no_loans,
            json!({"insured": true, "education": "high_school", "health": "poor"}),
        ),
    );
    assert_eq!(
        (r.points.as_f64(), r.grade.as_deref()),
        (69.5, Some("credit"))
    );
    let r = score("luquan", &with(&no_loans, json!({"insured": true})));
    assert_eq!((r.points.as_f64(), r.grade.as_deref()), (71.0, Some("A")));
    // With loan history (overdue) the same 66-odd points are no grade.
    let overdue = with(
        &no_loans,
        json!({"credit_history": "overdue", "insured": true}),
    );
    let r = score("luquan", &overdue);
    assert_eq!((r.points.as_f64(), r.grade.as_deref()), (65.0, None));
}

#[test]
fn missing_and_invalid_facts_are_named_never_zero() {
    let mut f = luquan_full();
    f.remove("insured");
    f.remove("education");
    let r = score("luquan", &f);
    let e = r.error.clone().unwrap();
    assert_eq!(
        (e.code, e.facts),
        (
            ScoreErrorCode::MissingFact,
            vec!["education".to_string(), "insured".to_string()]
        )
    );
    assert_eq!(
        (r.points.as_f64(), r.limit_yuan, r.eligible),
        (0.0, 0, false)
    );
    let r = score(
        "luquan",
        &with(
            &luquan_full(),
            json!({"education": "phd", "household_size": 0}),
        ),
    );
    let e = r.error.unwrap();
    assert_eq!(
        (e.code, e.facts),
        (
            ScoreErrorCode::InvalidFact,
            vec!["education".to_string(), "household_size".to_string()]
        )
    );
    for wrong in [json!({"insured": "yes"}), json!({"insured": 1})] {
        let r = score("luquan", &with(&luquan_full(), wrong.clone()));
        assert_eq!(
            r.error.unwrap().facts,
            vec!["insured".to_string()],
            "{wrong}"
        );
    }
    for (fact, wrong) in [
        ("applicant_age", json!(30.5)),
        ("applicant_age", json!("30")),
        ("total_assets_yuan", json!(-1)),
        ("household_net_income_yuan", json!("90000")),
        ("negative_records", json!(1.5)),
    ] {
        let r = score("luquan", &with(&luquan_full(), json!({ fact: wrong })));
        let e = r.error.unwrap();
        assert_eq!(
            (e.code, e.facts),
            (ScoreErrorCode::InvalidFact, vec![fact.to_string()])
        );
    }
    // null is an empty field: missing, not zero.
    let r = score(
        "luquan",
        &with(&luquan_full(), json!({"total_assets_yuan": null})),
    );
    assert_eq!(r.error.unwrap().code, ScoreErrorCode::MissingFact);
}

#[test]
fn what_would_raise_it_lists_the_items_not_yet_earned() {
    let r = score("luquan", &luquan_70());
    let gains: Vec<(&str, f64)> = r
        .improvements
        .iter()
        .map(|i| (i.item.as_str(), i.gain().as_f64()))
        .collect();
    assert_eq!(
        gains,
        vec![
            ("marital_status", 1.0),
            ("health", 1.0),
            ("income_per_capita", 5.0),
            ("credit_village", 3.0),
            ("insured", 5.0),
            ("entrepreneur", 5.0),
            ("committee_evaluation", 7.0),
            ("negative_records", 3.0),
        ]
    );
    assert_eq!(r.improvements[0].label, "婚姻状况");
}
