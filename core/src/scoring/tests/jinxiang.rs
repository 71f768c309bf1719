//! Preset `jinxiang`: base, every honour level, deductions, vetoes, limits, caps and rates.

use super::support::*;
use crate::scoring::engine::BELOW_THRESHOLD_REASON;
use crate::scoring::presets::preset;
use crate::scoring::result::ScoreErrorCode;
use crate::scoring::{Facts, ScoringOptions};
use serde_json::{Value, json};

/// Base facts plus `other_bonus`, to reach any points from 30 to 80 in tenths.
fn at_points(points: f64) -> Facts {
    // Computed in whole tenths: 79.9 − 30.0 in floats is 49.900000000000006.
    let bonus_tenths = (points * 10.0).round() as i64 - 300;
    honours(json!({"other_bonus": bonus_tenths as f64 / 10.0}))
}

fn rate_with_lpr(f: &Facts, lpr: Option<f64>) -> Option<f64> {
    preset("jinxiang")
        .unwrap()
        .score("h", f, ScoringOptions { lpr_percent: lpr })
        .rate_percent
}

#[test]
fn base_points_limits_and_rate() {
    let r = score("jinxiang", &jinxiang_base());
    assert_eq!(
        (
            r.points.as_f64(),
            r.limit_yuan,
            r.initial_limit_yuan,
            r.rate_percent
        ),
        (30.0, 30_000, Some(30_000), Some(8.0))
    );
    assert!(r.credit_household && r.eligible && r.grade.is_none() && r.reasons.is_empty());
    // Absent or null honours, deductions and vetoes mean none.
    let nulls = with(
        &jinxiang_base(),
        json!({"honors": null, "deductions": null, "vetoes": null, "other_deduction": null}),
    );
    assert_eq!(score("jinxiang", &nulls), r);
}

#[test]
fn every_honour_level_of_every_table() {
    let tables: [(&str, &[(&str, f64)]); 4] = [
        (
            "moral_model",
            &[
                ("county", 20.0),
                ("city", 30.0),
                ("province", 40.0),
                ("national", 50.0),
            ],
        ),
        (
            "civilized_family",
            &[("village", 10.0), ("town", 20.0), ("county", 30.0)],
        ),
        (
            "beautiful_courtyard",
            &[
                ("village", 10.0),
                ("town", 20.0),
                ("county", 30.0),
                ("city", 40.0),
            ],
        ),
        (
            "rural_talent",
            &[
                ("county", 20.0),
                ("city", 30.0),
                ("province", 40.0),
                ("national", 50.0),
            ],
        ),
    ];
    let mut cases: Vec<(Value, f64)> = tables
        .iter()
        .flat_map(|(code, levels)| {
            levels
                .iter()
                .map(move |(level, points)| (json!({ *code: *level }), *points))
        })
        .collect();
    for (level, points) in [
        ("county", 20.0),
        ("city", 30.0),
        ("province", 40.0),
        ("national", 50.0),
    ] {
        cases.push((json!({"outstanding_party_member": level}), points));
    }
    for (code, points) in [
        ("party_member", 10.0),
        ("veteran_or_hero", 20.0),
        ("good_deeds", 20.0),
        ("frugal_ceremonies", 10.0),
    ] {
        cases.push((json!({ code: true }), points));
        cases.push((json!({ code: false }), 0.0));
    }
    for (bonus, points) in [(json!(0), 0.0), (json!(42.5), 42.5), (json!(50), 50.0)] {
        cases.push((json!({ "other_bonus": bonus }), points));
    }
    for (h, bonus) in cases {
        let r = score("jinxiang", &honours(h.clone()));
        assert_eq!(r.error, None, "{h}");
        assert_eq!(r.points.as_f64(), 30.0 + bonus, "{h}");
        assert_eq!(item(&r, "honors"), bonus, "{h}");
    }
    let several =
        honours(json!({"party_member": true, "civilized_family": "town", "good_deeds": true}));
    assert_eq!(score("jinxiang", &several).points.as_f64(), 80.0);
}

#[test]
fn a_level_the_table_does_not_list_is_invalid() {
    for h in [
        json!({"civilized_family": "city"}),
        json!({"moral_model": "village"}),
        json!({"beautiful_courtyard": "province"}),
        json!({"rural_talent": "town"}),
        json!({"outstanding_party_member": "village"}),
        json!({"party_member": "county"}),
        json!({"veteran_or_hero": "national"}),
        json!({"moral_model": true}),
        json!({"moral_model": 30}),
        json!({"no_such_honour": true}),
        json!(["party_member"]),
    ] {
        let r = score("jinxiang", &honours(h.clone()));
        let e = r.error.unwrap_or_else(|| panic!("{h} must be invalid"));
        assert_eq!(
            (e.code, e.facts),
            (ScoreErrorCode::InvalidFact, vec!["honors".to_string()]),
            "{h}"
        );
        assert_eq!((r.limit_yuan, r.points.0), (0, 0));
    }
}

#[test]
fn other_bonus_is_a_panel_number_from_0_to_50_in_tenths() {
    for bad in [
        json!(50.1),
        json!(-1),
        json!(-0.1),
        json!(10.25),
        json!("10"),
        json!(null),
    ] {
        let r = score("jinxiang", &honours(json!({ "other_bonus": bad.clone() })));
        assert_eq!(
            r.error.map(|e| e.code),
            Some(ScoreErrorCode::InvalidFact),
            "other_bonus {bad}"
        );
    }
}

#[test]
fn ten_points_are_ten_thousand_yuan_capped_at_one_hundred_thousand() {
    for (points, limit) in [
        (30.0, 30_000),
        (42.5, 42_500),
        (79.9, 79_900),
        (80.0, 80_000),
    ] {
        assert_eq!(
            score("jinxiang", &at_points(points)).limit_yuan,
            limit,
            "{points}"
        );
    }
    let over = |h: Value| score("jinxiang", &honours(h));
    // 30 + 50 + 19.5 = 99.5; 100; 100.5; 150
    let r = over(json!({"moral_model": "national", "other_bonus": 19.5}));
    assert_eq!((r.points.as_f64(), r.limit_yuan), (99.5, 99_500));
    let r = over(json!({"moral_model": "national", "other_bonus": 20}));
    assert_eq!((r.points.as_f64(), r.limit_yuan), (100.0, 100_000));
    let r = over(json!({"moral_model": "national", "other_bonus": 20.5}));
    assert_eq!((r.points.as_f64(), r.limit_yuan), (100.5, 100_000));
    let r = over(
        json!({"moral_model": "national", "rural_talent": "national", "civilized_family": "county"}),
    );
    assert_eq!((r.points.as_f64(), r.limit_yuan), (160.0, 100_000));
}

#[test]
fn initial_limits_by_applicant_type() {
    let initial = |points: f64, kind: &str| {
        let f = with(&at_points(points), json!({"applicant_type": kind}));
        let r = score("jinxiang", &f);
        (r.limit_yuan, r.initial_limit_yuan)
    };
    assert_eq!(initial(49.5, "household"), (49_500, Some(49_500)));
    assert_eq!(initial(50.0, "household"), (50_000, Some(50_000)));
    assert_eq!(initial(50.5, "household"), (50_500, Some(50_000)));
    assert_eq!(initial(80.0, "household"), (80_000, Some(50_000)));
    assert_eq!(initial(80.0, "business"), (80_000, Some(80_000)));
    let big = |kind: &str| {
        let f = with(
            &honours(json!({"moral_model": "national", "rural_talent": "national"})),
            json!({"applicant_type": kind}),
        );
        let r = score("jinxiang", &f);
        (r.limit_yuan, r.initial_limit_yuan)
    };
    assert_eq!(big("business"), (100_000, Some(100_000)));
    assert_eq!(big("household"), (100_000, Some(50_000)));
    let r = score(
        "jinxiang",
        &with(&jinxiang_base(), json!({"applicant_type": "company"})),
    );
    assert_eq!(r.error.unwrap().facts, vec!["applicant_type".to_string()]);
    let mut f = jinxiang_base();
    f.remove("applicant_type");
    let e = score("jinxiang", &f).error.unwrap();
    assert_eq!(
        (e.code, e.facts),
        (
            ScoreErrorCode::MissingFact,
            vec!["applicant_type".to_string()]
        )
    );
}

#[test]
fn rate_steps_down_half_a_point_per_ten_points_to_the_lpr() {
    for (points, rate) in [
        (30.0, 8.0),
        (39.5, 8.0),
        (39.9, 8.0),
        (40.0, 7.5),
        (49.9, 7.5),
        (50.0, 7.0),
        (80.0, 5.5),
    ] {
        assert_eq!(
            rate_with_lpr(&at_points(points), None),
            Some(rate),
            "{points} points"
        );
    }
    let high = |h: Value| honours(h);
    // 30 + 50 + 50 = 130: 8.0 − 0.5 × 10 = 3.0, floored at the default LPR 3.7.
    let f130 = high(json!({"moral_model": "national", "rural_talent": "national"}));
    assert_eq!(rate_with_lpr(&f130, None), Some(3.7));
    assert_eq!(rate_with_lpr(&f130, Some(3.45)), Some(3.45));
    assert_eq!(
        rate_with_lpr(&f130, Some(3.0)),
        Some(3.0),
        "exactly at the LPR"
    );
    assert_eq!(rate_with_lpr(&f130, Some(2.95)), Some(3.0));
    // 30 + 50 + 40 = 120: 3.5 → 3.7; 110: 4.0 stays.
    let f120 = high(json!({"moral_model": "national", "rural_talent": "province"}));
    assert_eq!(rate_with_lpr(&f120, None), Some(3.7));
    let f110 = high(json!({"moral_model": "national", "rural_talent": "city"}));
    assert_eq!(rate_with_lpr(&f110, None), Some(4.0));
    assert_eq!(rate_with_lpr(&f110, Some(4.2)), Some(4.2));
    // Below 30 points the rate stays at the 8% ceiling.
    let f25 = with(&jinxiang_base(), json!({"other_deduction": 5}));
    assert_eq!(rate_with_lpr(&f25, None), Some(8.0));
}

#[test]
fn deductions_each_code_once_and_never_below_zero() {
    let codes = [
        ("litter", 10.0),
        ("illegal_ads", 10.0),
        ("open_burning", 10.0),
        ("traffic_violation", 10.0),
        ("pollution_or_hazard", 20.0),
        ("extravagant_ceremonies", 10.0),
        ("harmful_posts", 10.0),
        ("immoral_conduct", 10.0),
        ("party_absence", 10.0),
        ("obstructing_works", 10.0),
        ("non_cooperation", 10.0),
    ];
    for (code, minus) in codes {
        let r = score(
            "jinxiang",
            &with(&jinxiang_base(), json!({"deductions": [code]})),
        );
        assert_eq!(r.points.as_f64(), 30.0 - minus, "{code}");
    }
    let r = score(
        "jinxiang",
        &with(
            &jinxiang_base(),
            json!({"deductions": ["litter", "litter"]}),
        ),
    );
    assert_eq!(r.points.as_f64(), 20.0, "a code listed twice counts once");
    let r = score(
        "jinxiang",
        &with(
            &jinxiang_base(),
            json!({"deductions": ["litter", "pollution_or_hazard"]}),
        ),
    );
    assert_eq!(
        (
            r.points.as_f64(),
            r.limit_yuan,
            r.credit_household,
            r.rate_percent
        ),
        (0.0, 0, false, None)
    );
    assert_eq!(r.reasons, vec![BELOW_THRESHOLD_REASON.to_string()]);
    let r = score(
        "jinxiang",
        &with(
            &jinxiang_base(),
            json!({"deductions": ["litter", "pollution_or_hazard", "party_absence"]}),
        ),
    );
    assert_eq!(r.points.as_f64(), 0.0, "never below zero");
    for (other, points) in [
        (json!(0), 30.0),
        (json!(5), 25.0),
        (json!(29.5), 0.5),
        (json!(50), 0.0),
    ] {
        let r = score(
            "jinxiang",
            &with(
                &jinxiang_base(),
                json!({ "other_deduction": other.clone() }),
            ),
        );
        assert_eq!(r.points.as_f64(), points, "other_deduction {other}");
    }
    for bad in [json!(50.5), json!(-1), json!(1.25)] {
        let r = score(
            "jinxiang",
            &with(&jinxiang_base(), json!({ "other_deduction": bad.clone() })),
        );
        assert_eq!(
            r.error.unwrap().facts,
            vec!["other_deduction".to_string()],
            "{bad}"
        );
    }
    let r = score(
        "jinxiang",
        &with(&jinxiang_base(), json!({"deductions": ["spitting"]})),
    );
    assert_eq!(r.error.unwrap().facts, vec!["deductions".to_string()]);
}

#[test]
fn any_veto_gives_limit_zero_with_the_reason() {
    for code in [
        "crime_or_vice",
        "abusive_petitioning",
        "cults_superstition",
        "dishonest_finance",
        "benefit_fraud",
        "illegal_construction",
        "other_veto",
    ] {
        let f = with(
            &honours(json!({"moral_model": "national"})),
            json!({"vetoes": [code], "applicant_type": "business"}),
        );
        let r = score("jinxiang", &f);
        assert!(r.vetoed && r.eligible && !r.credit_household, "{code}");
        assert_eq!(
            (r.limit_yuan, r.initial_limit_yuan, r.rate_percent),
            (0, Some(0), None)
        );
        assert_eq!(r.points.as_f64(), 80.0, "the points are still shown");
        assert!(r.reasons[0].starts_with("一票否决"), "{:?}", r.reasons);
    }
    let r = score(
        "jinxiang",
        &with(
            &jinxiang_base(),
            json!({"vetoes": ["benefit_fraud", "illegal_construction"]}),
        ),
    );
    assert_eq!(r.reasons.len(), 2);
    assert!(r.reasons[0].contains("骗取补贴"));
    let r = score(
        "jinxiang",
        &with(&jinxiang_base(), json!({"vetoes": ["jaywalking"]})),
    );
    assert_eq!(r.error.unwrap().facts, vec!["vetoes".to_string()]);
}

#[test]
fn each_base_condition_and_the_age_edges() {
    for fact in [
        "full_capacity",
        "fixed_residence",
        "fixed_income",
        "no_major_bad_credit",
    ] {
        let r = score("jinxiang", &with(&jinxiang_base(), json!({ fact: false })));
        assert!(!r.eligible && r.error.is_none(), "{fact}");
        assert_eq!(
            (r.limit_yuan, r.initial_limit_yuan, r.points.0),
            (0, Some(0), 0)
        );
        assert_eq!(r.reasons.len(), 1, "{fact}");
    }
    for (age, eligible) in [(17, false), (18, true), (60, true), (61, false)] {
        let r = score(
            "jinxiang",
            &with(&jinxiang_base(), json!({"applicant_age": age})),
        );
        assert_eq!(r.eligible, eligible, "age {age}");
        assert_eq!(r.limit_yuan, if eligible { 30_000 } else { 0 });
    }
}

#[test]
fn what_would_raise_it_names_each_honour() {
    let r = score(
        "jinxiang",
        &honours(json!({"moral_model": "city", "party_member": true})),
    );
    let moral = r
        .improvements
        .iter()
        .find(|i| i.item == "honors.moral_model")
        .unwrap();
    assert_eq!(
        (moral.points.as_f64(), moral.max_points.as_f64()),
        (30.0, 50.0)
    );
    assert_eq!(moral.label, "道德模范、金乡好人等");
    assert!(
        !r.improvements
            .iter()
            .any(|i| i.item == "honors.party_member"),
        "already earned"
    );
    let courtyard = r
        .improvements
        .iter()
        .find(|i| i.item == "honors.beautiful_courtyard")
        .unwrap();
    assert_eq!(courtyard.gain().as_f64(), 40.0);
    // A recorded deduction can be cleared: that raises it too.
    let r = score(
        "jinxiang",
        &with(&jinxiang_base(), json!({"deductions": ["litter"]})),
    );
    let d = r
        .improvements
        .iter()
        .find(|i| i.item == "deductions")
        .unwrap();
    assert_eq!((d.points.as_f64(), d.max_points.as_f64()), (-10.0, 0.0));
}
