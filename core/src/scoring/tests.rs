//! The presets reproduce shared/spec/scorecards.md exactly: every band edge is pinned here.

use super::check::check;
use super::presets::{preset, preset_names, preset_text};
use super::result::ScoreErrorCode;
use super::{Facts, ScoreResult, Scorecard, ScoringOptions};
use proptest::prelude::*;
use serde_json::{Value, json};

fn facts(value: Value) -> Facts {
    value.as_object().unwrap().clone()
}

fn with(base: &Facts, changes: Value) -> Facts {
    let mut f = base.clone();
    for (k, v) in changes.as_object().unwrap() {
        f.insert(k.clone(), v.clone());
    }
    f
}

fn score(card: &str, f: &Facts) -> ScoreResult {
    preset(card)
        .unwrap()
        .score("h1", f, ScoringOptions::default())
}

/// Luquan facts worth the full 100 points.
fn luquan_full() -> Facts {
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
fn luquan_80() -> Facts {
    with(
        &luquan_full(),
        json!({"committee_evaluation": "poor", "entrepreneur": false, "insured": false, "in_credit_village": false}),
    )
}

/// Exactly 70: 80 − 5 (per-capita 20,000) − 1 (single) − 1 (fair health) − 3 (records).
fn luquan_70() -> Facts {
    with(
        &luquan_80(),
        json!({"household_net_income_yuan": 60000, "marital_status": "single", "health": "fair", "negative_records": 3}),
    )
}

#[test]
fn presets_are_sound_definitions() {
    for name in preset_names() {
        let card = preset(name).unwrap_or_else(|| panic!("preset {name} parses"));
        assert_eq!(check(&card), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn luquan_full_marks_is_aaa() {
    let r = score("luquan", &luquan_full());
    assert_eq!(r.error, None);
    assert_eq!(r.points.as_f64(), 100.0);
    assert_eq!(
        (r.grade.as_deref(), r.limit_yuan, r.rate_percent),
        (Some("AAA"), 100_000, Some(4.5))
    );
    assert!(r.credit_household && r.eligible && !r.vetoed);
    assert_eq!(
        r.contributions.iter().map(|c| c.points.0).sum::<i64>(),
        1000
    );
    assert!(r.improvements.is_empty());
    assert_eq!(r.initial_limit_yuan, None);
}

#[test]
fn luquan_grade_edges() {
    let r = score("luquan", &luquan_80());
    assert_eq!(
        (
            r.points.as_f64(),
            r.grade.as_deref(),
            r.limit_yuan,
            r.rate_percent
        ),
        (80.0, Some("AA"), 50_000, Some(5.5))
    );
    let r = score(
        "luquan",
        &with(&luquan_80(), json!({"negative_records": 1})),
    );
    assert_eq!(
        (
            r.points.as_f64(),
            r.grade.as_deref(),
            r.limit_yuan,
            r.rate_percent
        ),
        (79.0, Some("A"), 30_000, Some(6.5))
    );
    let r = score("luquan", &luquan_70());
    assert_eq!(
        (r.points.as_f64(), r.grade.as_deref(), r.limit_yuan),
        (70.0, Some("A"), 30_000)
    );
    let r = score(
        "luquan",
        &with(&luquan_70(), json!({"education": "high_school"})),
    );
    assert_eq!(
        (
            r.points.as_f64(),
            r.grade.as_deref(),
            r.limit_yuan,
            r.rate_percent
        ),
        (69.5, None, 0, None)
    );
    assert!(!r.credit_household);
    assert_eq!(r.reasons.len(), 1);
}

#[test]
fn luquan_first_rating_without_loans_starts_at_fifty() {
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
    assert_eq!(score("luquan", &fifty).points.as_f64(), 50.0);
    assert_eq!(score("luquan", &fifty).grade.as_deref(), Some("credit"));
    let r = score("luquan", &with(&fifty, json!({"education": "high_school"})));
    assert_eq!(
        (r.points.as_f64(), r.grade.as_deref(), r.credit_household),
        (49.5, None, false)
    );
    // With loan history the same 66 points are no grade.
    let overdue = with(
        &no_loans,
        json!({"credit_history": "overdue", "insured": true}),
    );
    let r = score("luquan", &overdue);
    assert_eq!((r.points.as_f64(), r.grade.as_deref()), (65.0, None));
    // Without loans, 70 and more use the same A/AA/AAA bands.
    let r = score(
        "luquan",
        &with(&luquan_80(), json!({"credit_history": "no_loans"})),
    );
    assert_eq!((r.points.as_f64(), r.grade.as_deref()), (76.0, Some("A")));
}

#[test]
fn luquan_per_capita_income_bands_are_exact() {
    let cases = [
        (90000.0, 3, 30.0),
        (89999.99, 3, 25.0),
        (60000.0, 3, 25.0),
        (59999.0, 3, 20.0),
        (15000.0, 1, 20.0),
        (10000.0, 1, 15.0),
        (6000.0, 1, 10.0),
        (4000.0, 1, 5.0),
        (3999.0, 1, 0.0),
    ];
    for (income, size, expected) in cases {
        let r = score(
            "luquan",
            &with(
                &luquan_full(),
                json!({"household_net_income_yuan": income, "household_size": size}),
            ),
        );
        let item = r
            .contributions
            .iter()
            .find(|c| c.item == "income_per_capita")
            .unwrap();
        assert_eq!(item.points.as_f64(), expected, "income {income} / {size}");
    }
}

#[test]
fn luquan_assets_and_debt_ratio_edges() {
    let debt = |assets: f64, liabilities: f64| {
        let r = score(
            "luquan",
            &with(
                &luquan_full(),
                json!({"total_assets_yuan": assets, "total_liabilities_yuan": liabilities}),
            ),
        );
        let get = |id: &str| {
            r.contributions
                .iter()
                .find(|c| c.item == id)
                .unwrap()
                .points
                .as_f64()
        };
        (get("total_assets"), get("debt_ratio"))
    };
    assert_eq!(debt(100_000.0, 0.0), (8.0, 10.0));
    assert_eq!(
        debt(100_000.0, 20_000.0),
        (8.0, 6.0),
        "exactly 0.2 is not below 0.2"
    );
    assert_eq!(debt(100_000.0, 19_999.99), (8.0, 8.0));
    assert_eq!(debt(100_000.0, 40_000.0), (8.0, 3.0));
    assert_eq!(debt(100_000.0, 60_000.0), (8.0, 0.0));
    assert_eq!(
        debt(0.0, 0.0),
        (4.0, 10.0),
        "assets zero without debts: no liabilities"
    );
    assert_eq!(debt(0.0, 1.0), (4.0, 0.0), "assets zero with debts");
    assert_eq!(debt(300_000.0, 0.0).0, 16.0);
    assert_eq!(debt(299_999.0, 0.0).0, 12.0);
    assert_eq!(debt(150_000.0, 0.0).0, 12.0);
    assert_eq!(debt(50_000.0, 0.0).0, 8.0);
}

#[test]
fn luquan_age_bands_and_eligibility() {
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
        let item = r.contributions.iter().find(|c| c.item == "age").unwrap();
        assert_eq!(item.points.as_f64(), points, "age {age}");
    }
    for age in [17, 61] {
        let r = score(
            "luquan",
            &with(&luquan_full(), json!({"applicant_age": age})),
        );
        assert!(!r.eligible && r.error.is_none(), "age {age}");
        assert_eq!((r.limit_yuan, r.grade.clone()), (0, None));
        assert!(r.reasons[0].contains("18"), "{:?}", r.reasons);
    }
    let r = score(
        "luquan",
        &with(
            &luquan_full(),
            json!({"bad_loan_or_dispute": true, "legal_income": false}),
        ),
    );
    assert_eq!(r.reasons.len(), 2);
}

#[test]
fn luquan_deductions_are_capped_at_three() {
    let r = score(
        "luquan",
        &with(&luquan_full(), json!({"negative_records": 7})),
    );
    assert_eq!(r.points.as_f64(), 97.0);
}

#[test]
fn missing_and_invalid_facts_are_named_never_zero() {
    let mut f = luquan_full();
    f.remove("insured");
    f.remove("education");
    let r = score("luquan", &f);
    let e = r.error.unwrap();
    assert_eq!(
        (e.code, e.facts),
        (
            ScoreErrorCode::MissingFact,
            vec!["education".to_string(), "insured".to_string()]
        )
    );
    assert_eq!((r.points.as_f64(), r.limit_yuan), (0.0, 0));
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
    let r = score("luquan", &with(&luquan_full(), json!({"insured": "yes"})));
    assert_eq!(r.error.unwrap().facts, vec!["insured".to_string()]);
}

#[test]
fn partial_evaluation_lists_what_the_form_still_needs() {
    let card = preset("luquan").unwrap();
    let f = facts(json!({"applicant_age": 30, "education": "phd"}));
    let needed = card.needed_facts(&f);
    assert!(needed.contains(&"education".to_string()) && needed.contains(&"insured".to_string()));
    assert!(!needed.contains(&"applicant_age".to_string()));
    assert!(card.needed_facts(&luquan_full()).is_empty());
}

fn jinxiang_base() -> Facts {
    facts(json!({
        "applicant_age": 40, "full_capacity": true, "fixed_residence": true, "fixed_income": true,
        "no_major_bad_credit": true, "applicant_type": "household"
    }))
}

#[test]
fn jinxiang_base_points_and_limits() {
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
    assert!(r.credit_household && r.grade.is_none());
    let honours = json!({"honors": {"moral_model": "national", "civilized_family": "county"}});
    let r = score("jinxiang", &with(&jinxiang_base(), honours.clone()));
    assert_eq!(
        (r.points.as_f64(), r.limit_yuan, r.initial_limit_yuan),
        (110.0, 100_000, Some(50_000))
    );
    assert_eq!(r.rate_percent, Some(4.0)); // 8.0 − 0.5 × 8
    let business = with(
        &with(&jinxiang_base(), honours),
        json!({"applicant_type": "business"}),
    );
    assert_eq!(
        score("jinxiang", &business).initial_limit_yuan,
        Some(100_000)
    );
}

#[test]
fn jinxiang_every_honour_table() {
    let cases = [
        (json!({"moral_model": "county"}), 20.0),
        (json!({"moral_model": "city"}), 30.0),
        (json!({"moral_model": "province"}), 40.0),
        (json!({"civilized_family": "village"}), 10.0),
        (json!({"civilized_family": "town"}), 20.0),
        (json!({"beautiful_courtyard": "city"}), 40.0),
        (json!({"rural_talent": "national"}), 50.0),
        (json!({"party_member": true}), 10.0),
        (json!({"outstanding_party_member": "province"}), 40.0),
        (json!({"veteran_or_hero": true}), 20.0),
        (json!({"good_deeds": true}), 20.0),
        (json!({"frugal_ceremonies": true}), 10.0),
        (json!({"other_bonus": 42.5}), 42.5),
        (json!({"party_member": false}), 0.0),
    ];
    for (honors, bonus) in cases {
        let r = score(
            "jinxiang",
            &with(&jinxiang_base(), json!({"honors": honors.clone()})),
        );
        assert_eq!(r.error, None, "{honors}");
        assert_eq!(r.points.as_f64(), 30.0 + bonus, "{honors}");
    }
    let r = score(
        "jinxiang",
        &with(&jinxiang_base(), json!({"honors": {"other_bonus": 42.5}})),
    );
    assert_eq!(r.limit_yuan, 72_500, "10 points = 10,000 yuan");
}

#[test]
fn jinxiang_invalid_honour_levels_and_ranges() {
    for honors in [
        json!({"civilized_family": "city"}),
        json!({"other_bonus": 51}),
        json!({"party_member": "county"}),
        json!({"no_such": true}),
    ] {
        let r = score(
            "jinxiang",
            &with(&jinxiang_base(), json!({"honors": honors.clone()})),
        );
        let e = r
            .error
            .unwrap_or_else(|| panic!("{honors} must be invalid"));
        assert_eq!(
            (e.code, e.facts),
            (ScoreErrorCode::InvalidFact, vec!["honors".to_string()]),
            "{honors}"
        );
    }
}

#[test]
fn jinxiang_rate_floor_at_lpr() {
    let high = json!({"honors": {"moral_model": "national", "civilized_family": "county", "rural_talent": "province"}});
    let f = with(&jinxiang_base(), high);
    let r = score("jinxiang", &f); // 150 points: 8.0 − 6.0 = 2.0, floored at 3.7
    assert_eq!((r.points.as_f64(), r.rate_percent), (150.0, Some(3.7)));
    let card = preset("jinxiang").unwrap();
    let r = card.score(
        "h",
        &f,
        ScoringOptions {
            lpr_percent: Some(3.45),
        },
    );
    assert_eq!(r.rate_percent, Some(3.45));
    // 39.5 points: ⌊9.5 / 10⌋ = 0 steps; 40: one step.
    let r = score(
        "jinxiang",
        &with(&jinxiang_base(), json!({"honors": {"other_bonus": 9.5}})),
    );
    assert_eq!(r.rate_percent, Some(8.0));
    let r = score(
        "jinxiang",
        &with(&jinxiang_base(), json!({"honors": {"other_bonus": 10}})),
    );
    assert_eq!(r.rate_percent, Some(7.5));
}

#[test]
fn jinxiang_deductions_vetoes_and_ineligibility() {
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
    let r = score(
        "jinxiang",
        &with(&jinxiang_base(), json!({"other_deduction": 5})),
    );
    assert_eq!(
        (r.points.as_f64(), r.limit_yuan, r.rate_percent),
        (25.0, 25_000, Some(8.0))
    );
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
            json!({"vetoes": ["benefit_fraud"], "honors": {"moral_model": "national"}}),
        ),
    );
    assert!(r.vetoed && !r.credit_household);
    assert_eq!((r.limit_yuan, r.initial_limit_yuan), (0, Some(0)));
    assert!(r.reasons[0].contains("骗取补贴"));
    let r = score(
        "jinxiang",
        &with(&jinxiang_base(), json!({"fixed_residence": false})),
    );
    assert!(!r.eligible && r.limit_yuan == 0 && r.points.as_f64() == 0.0);
    let r = score(
        "jinxiang",
        &with(&jinxiang_base(), json!({"deductions": ["spitting"]})),
    );
    assert_eq!(r.error.unwrap().facts, vec!["deductions".to_string()]);
}

#[test]
fn a_shown_definition_loads_back_and_scores_identically() {
    for name in preset_names() {
        let original = preset(name).unwrap();
        let reloaded = Scorecard::from_toml(preset_text(name).unwrap()).unwrap();
        let rewritten = Scorecard::from_toml(&original.to_toml()).unwrap();
        assert_eq!(original, reloaded);
        assert_eq!(original, rewritten, "{name} survives a write and read");
        let f = if name == "luquan" {
            luquan_70()
        } else {
            jinxiang_base()
        };
        assert_eq!(
            original.score("h", &f, ScoringOptions::default()),
            rewritten.score("h", &f, ScoringOptions::default())
        );
    }
}

#[test]
fn check_reports_every_problem_of_a_definition() {
    let broken = preset_text("luquan")
        .unwrap()
        .replace(
            "{ min = 46, max = 55, points = 1.5 }",
            "{ min = 44, max = 55, points = 1.5 }",
        )
        .replace("below = 90", "below = 88")
        .replace(
            "fact = \"in_credit_village\"",
            "fact = \"in_credit_villag\"",
        )
        .replace("AAA = 4.5, ", "")
        .replace("points = { good = 7,", "points = { good = 6,");
    let problems = super::check::check_definition(&broken);
    let all = problems.join("\n");
    assert!(all.contains("overlapping ranges"), "{all}");
    assert!(all.contains("gap between grades 'AA' and 'AAA'"), "{all}");
    assert!(
        all.contains("'in_credit_villag', which is not declared"),
        "{all}"
    );
    assert!(
        all.contains("[rate] by_grade has no value for grade 'AAA'"),
        "{all}"
    );
    assert!(all.contains("cannot be reached"), "{all}");
    assert!(
        super::check::check_definition("id = 3")
            .join("")
            .contains("not a valid scorecard")
    );
}

fn jinxiang_facts() -> impl Strategy<Value = Facts> {
    let honors = prop::collection::btree_map(
        prop::sample::select(vec![
            "moral_model",
            "civilized_family",
            "party_member",
            "other_bonus",
        ]),
        Just(()),
        0..4,
    );
    (16i64..66, honors, prop::collection::vec(prop::sample::select(vec!["litter", "pollution_or_hazard", "party_absence"]), 0..3), 0u8..51, any::<bool>())
        .prop_map(|(age, honors, deductions, other, business)| {
            let honors: serde_json::Map<String, Value> = honors
                .keys()
                .map(|k| {
                    let v = match *k {
                        "moral_model" => json!("province"),
                        "civilized_family" => json!("town"),
                        "party_member" => json!(true),
                        _ => json!(other as f64 / 2.0),
                    };
                    (k.to_string(), v)
                })
                .collect();
            with(&jinxiang_base(), json!({
                "applicant_age": age, "honors": honors, "deductions": deductions,
                "other_deduction": other, "applicant_type": if business { "business" } else { "household" }
            }))
        })
}

proptest! {
    #[test]
    fn points_stay_between_zero_and_the_maximum(
        income in 0u32..200_000, size in 1u8..9, assets in 0u32..800_000, debts in 0u32..800_000,
        records in 0u8..10, insured: bool, history in prop::sample::select(vec!["clean_loans", "no_loans", "overdue"]),
    ) {
        let f = with(&luquan_full(), json!({
            "household_net_income_yuan": income, "household_size": size, "total_assets_yuan": assets,
            "total_liabilities_yuan": debts, "negative_records": records, "insured": insured, "credit_history": history,
        }));
        let r = score("luquan", &f);
        prop_assert!(r.error.is_none());
        prop_assert!(r.points.0 >= 0 && r.points.0 <= 1000);
    }

    #[test]
    fn adding_a_bonus_never_lowers_the_limit(f in jinxiang_facts(), extra in prop::sample::select(vec!["veteran_or_hero", "good_deeds", "frugal_ceremonies"])) {
        let before = score("jinxiang", &f);
        let mut more = f.clone();
        more.get_mut("honors").unwrap().as_object_mut().unwrap().insert(extra.to_string(), json!(true));
        let after = score("jinxiang", &more);
        prop_assert!(after.limit_yuan >= before.limit_yuan);
        prop_assert!(after.points >= before.points);
        prop_assert!(after.points.0 >= 0);
    }

    #[test]
    fn a_veto_always_gives_limit_zero(f in jinxiang_facts(), veto in prop::sample::select(vec!["crime_or_vice", "other_veto", "dishonest_finance"])) {
        let r = score("jinxiang", &with(&f, json!({"vetoes": [veto]})));
        prop_assert_eq!(r.limit_yuan, 0);
        prop_assert!(!r.credit_household);
    }
}

#[test]
fn probing_is_flagged_after_repeated_edits_once_an_estimate_was_shown() {
    use super::audit::{ScoringRun, probing_flag};
    let card = preset("luquan").unwrap();
    let run = |f: &Facts, shown| {
        let r = card.score("h1", f, ScoringOptions::default());
        ScoringRun::new(&card, f, &r, shown, "2026-11-22T10:00:00+08:00".into())
    };
    let base = luquan_70();
    let mut runs = vec![
        run(&base, false),
        run(&with(&base, json!({"insured": true})), true),
    ];
    // Re-scoring the same facts, or editing fields the scorecard does not read, is no edit.
    runs.push(run(
        &with(&base, json!({"insured": true, "remark": "x"})),
        false,
    ));
    for income in [61000, 62000] {
        runs.push(run(
            &with(
                &base,
                json!({"insured": true, "household_net_income_yuan": income}),
            ),
            false,
        ));
    }
    assert_eq!(
        probing_flag(&runs),
        None,
        "two edits after showing are allowed"
    );
    runs.push(run(
        &with(
            &base,
            json!({"insured": true, "household_net_income_yuan": 90000}),
        ),
        false,
    ));
    let flag = probing_flag(&runs).expect("third edit flags");
    assert_eq!(flag.edits_after_shown, 3);
}

#[test]
fn an_optional_fact_left_empty_earns_nothing_and_is_no_error() {
    let text = preset_text("luquan").unwrap().replace(
        "id = \"education\"\nlabel = { zh = \"文化程度\", en = \"Education\" }\ntype = \"option\"",
        "id = \"education\"\nlabel = { zh = \"文化程度\", en = \"Education\" }\ntype = \"option\"\nrequired = false",
    );
    let card = Scorecard::from_toml(&text).unwrap();
    assert!(!card.fact("education").unwrap().required, "the edit took");
    let mut f = luquan_full();
    f.remove("education");
    let r = card.score("h", &f, ScoringOptions::default());
    assert_eq!(r.error, None);
    assert_eq!(r.points.as_f64(), 98.0);
    let mut f = luquan_full();
    f.insert("education".into(), json!("phd"));
    assert_eq!(
        card.score("h", &f, ScoringOptions::default())
            .error
            .unwrap()
            .code,
        ScoreErrorCode::InvalidFact
    );
}
