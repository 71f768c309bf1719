//! Properties over many generated households.

use super::support::*;
use crate::scoring::Facts;
use crate::scoring::presets::preset;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn luquan_facts() -> impl Strategy<Value = Facts> {
    let pick = |codes: &'static [&'static str]| prop::sample::select(codes.to_vec());
    (
        (
            18i64..=60,
            pick(&["college", "high_school", "middle_school", "primary_or_less"]),
            pick(&["married", "single", "divorced", "widowed"]),
            pick(&["good", "fair", "poor"]),
            pick(&["salaried", "business", "farming", "migrant_work", "none"]),
            pick(&["clean_loans", "no_loans", "overdue"]),
            pick(&["good", "fairly_good", "average", "poor"]),
        ),
        (
            0u64..20_000_000,
            1u8..12,
            0u64..100_000_000,
            0u64..100_000_000,
            0u8..20,
            any::<(bool, bool, bool)>(),
        ),
    )
        .prop_map(
            |((age, edu, marital, health, job, history, committee), (income_fen, size, assets_fen, debts_fen, records, (village, insured, entrepreneur)))| {
                with(
                    &luquan_full(),
                    json!({
                        "applicant_age": age, "education": edu, "marital_status": marital, "health": health,
                        "occupation": job, "credit_history": history, "committee_evaluation": committee,
                        "household_net_income_yuan": income_fen as f64 / 100.0, "household_size": size,
                        "total_assets_yuan": assets_fen as f64 / 100.0,
                        "total_liabilities_yuan": debts_fen as f64 / 100.0,
                        "negative_records": records, "in_credit_village": village,
                        "insured": insured, "entrepreneur": entrepreneur,
                    }),
                )
            },
        )
}

const HONOURS: [(&str, &[&str]); 5] = [
    ("moral_model", &["county", "city", "province", "national"]),
    ("civilized_family", &["village", "town", "county"]),
    (
        "beautiful_courtyard",
        &["village", "town", "county", "city"],
    ),
    ("rural_talent", &["county", "city", "province", "national"]),
    (
        "outstanding_party_member",
        &["county", "city", "province", "national"],
    ),
];
const FLAGS: [&str; 4] = [
    "party_member",
    "veteran_or_hero",
    "good_deeds",
    "frugal_ceremonies",
];
const DEDUCTIONS: [&str; 5] = [
    "litter",
    "pollution_or_hazard",
    "party_absence",
    "harmful_posts",
    "non_cooperation",
];

fn jinxiang_facts() -> impl Strategy<Value = Facts> {
    (
        prop::collection::vec((0usize..5, 0usize..4), 0..4),
        prop::collection::vec(0usize..4, 0..3),
        prop::option::of(0u16..=500),
        prop::collection::vec(prop::sample::select(DEDUCTIONS.to_vec()), 0..4),
        prop::option::of(0u16..=500),
        any::<bool>(),
    )
        .prop_map(|(levels, flags, bonus, deductions, other, business)| {
            let mut honors = Map::new();
            for (table, level) in levels {
                let (code, levels) = HONOURS[table];
                honors.insert(code.into(), json!(levels[level % levels.len()]));
            }
            for f in flags {
                honors.insert(FLAGS[f].into(), json!(true));
            }
            if let Some(tenths) = bonus {
                honors.insert("other_bonus".into(), json!(tenths as f64 / 10.0));
            }
            let mut f = with(
                &jinxiang_base(),
                json!({"honors": honors, "deductions": deductions,
                       "applicant_type": if business { "business" } else { "household" }}),
            );
            if let Some(tenths) = other {
                f.insert("other_deduction".into(), json!(tenths as f64 / 10.0));
            }
            f
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn luquan_points_stay_between_zero_and_the_declared_maximum(f in luquan_facts()) {
        let card = preset("luquan").unwrap();
        let r = score("luquan", &f);
        prop_assert!(r.error.is_none(), "{:?}", r.error);
        prop_assert!(r.points.0 >= 0 && Some(r.points) <= card.max_points);
        // The explanation adds up, and the grade matches the points.
        let sum: i64 = r.contributions.iter().map(|c| c.points.0).sum();
        prop_assert_eq!(r.points.0, sum.clamp(0, 1000));
        prop_assert_eq!(r.credit_household, r.grade.is_some());
        prop_assert_eq!(r.limit_yuan > 0, r.credit_household);
    }

    #[test]
    fn jinxiang_points_never_below_zero_and_the_cap_holds(f in jinxiang_facts()) {
        let r = score("jinxiang", &f);
        prop_assert!(r.error.is_none(), "{:?}", r.error);
        prop_assert!(r.points.0 >= 0);
        prop_assert!(r.limit_yuan <= 100_000 && r.limit_yuan >= 0);
        prop_assert!(r.initial_limit_yuan.unwrap() <= r.limit_yuan);
        prop_assert!(r.initial_limit_yuan.unwrap() <= 50_000 || f["applicant_type"] == "business");
        if let Some(rate) = r.rate_percent {
            prop_assert!((3.7..=8.0).contains(&rate));
        }
    }

    #[test]
    fn adding_a_bonus_never_lowers_the_limit(
        f in jinxiang_facts(),
        extra in prop::sample::select(FLAGS.to_vec()),
    ) {
        let before = score("jinxiang", &f);
        let mut more = f.clone();
        more["honors"].as_object_mut().unwrap().insert(extra.to_string(), json!(true));
        let after = score("jinxiang", &more);
        prop_assert!(after.points >= before.points);
        prop_assert!(after.limit_yuan >= before.limit_yuan);
        prop_assert!(after.initial_limit_yuan >= before.initial_limit_yuan);
    }

    #[test]
    fn a_luquan_bonus_never_lowers_the_limit(f in luquan_facts(), bonus in prop::sample::select(vec!["insured", "entrepreneur", "in_credit_village"])) {
        let before = score("luquan", &f);
        let after = score("luquan", &with(&f, json!({ bonus: true })));
        prop_assert!(after.points >= before.points);
        prop_assert!(after.limit_yuan >= before.limit_yuan);
    }

    #[test]
    fn a_veto_always_gives_limit_zero(
        f in jinxiang_facts(),
        veto in prop::sample::select(vec!["crime_or_vice", "abusive_petitioning", "cults_superstition",
            "dishonest_finance", "benefit_fraud", "illegal_construction", "other_veto"]),
    ) {
        let r = score("jinxiang", &with(&f, json!({"vetoes": [veto]})));
        prop_assert!(r.vetoed);
        prop_assert_eq!(r.limit_yuan, 0);
        prop_assert_eq!(r.initial_limit_yuan, Some(0));
        prop_assert!(!r.credit_household && r.rate_percent.is_none());
    }

    #[test]
    fn shuffled_or_renumbered_facts_score_the_same(f in luquan_facts()) {
        let reversed: Facts = f.iter().rev().map(|(k, v)| (k.clone(), v.clone())).collect();
        let floats: Facts = f.iter().map(|(k, v)| {
            let v = match v { Value::Number(n) if n.is_u64() || n.is_i64() => json!(n.as_f64().unwrap()), v => v.clone() };
            (k.clone(), v)
        }).collect();
        let r = score("luquan", &f);
        prop_assert_eq!(&score("luquan", &reversed), &r);
        prop_assert_eq!(&score("luquan", &floats), &r);
    }
}
