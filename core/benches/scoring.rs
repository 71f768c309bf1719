//! Scoring speed: one household (target ≤ 20 µs) and re-scoring 20,000 (target ≤ 0.5 s),
//! on one core, with both seed presets; also from the facts' JSON text, as a re-score of
//! stored households reads them. Run pinned: `taskset -c 1 cargo bench --bench scoring`.

use criterion::{Criterion, criterion_group, criterion_main};
use cunxin_core::scoring::presets::preset;
use cunxin_core::scoring::{Facts, ScoringOptions};
use serde_json::json;
use std::hint::black_box;

fn luquan_facts(i: u32) -> Facts {
    let history = ["clean_loans", "no_loans", "overdue"][(i % 3) as usize];
    json!({
        "applicant_age": 20 + i % 40, "full_capacity": true, "legal_income": true, "bad_loan_or_dispute": false,
        "education": "middle_school", "marital_status": "married", "health": "good", "occupation": "farming",
        "household_net_income_yuan": 20_000 + (i % 97) * 1_000, "household_size": 1 + i % 6,
        "total_assets_yuan": 80_000 + (i % 50) * 10_000, "total_liabilities_yuan": (i % 7) * 10_000,
        "credit_history": history, "in_credit_village": i.is_multiple_of(2),
        "insured": true, "entrepreneur": false, "committee_evaluation": "fairly_good", "negative_records": i % 4
    })
    .as_object()
    .unwrap()
    .clone()
}

fn jinxiang_facts(i: u32) -> Facts {
    json!({
        "applicant_age": 20 + i % 40, "full_capacity": true, "fixed_residence": true, "fixed_income": true,
        "no_major_bad_credit": true, "applicant_type": if i.is_multiple_of(5) { "business" } else { "household" },
        "honors": {"civilized_family": "town", "party_member": i.is_multiple_of(2), "other_bonus": (i % 10) as f64 / 2.0},
        "deductions": if i.is_multiple_of(9) { json!(["litter"]) } else { json!([]) }
    })
    .as_object()
    .unwrap()
    .clone()
}

fn bench(c: &mut Criterion) {
    for (name, make) in [
        ("luquan", luquan_facts as fn(u32) -> Facts),
        ("jinxiang", jinxiang_facts),
    ] {
        let card = preset(name).unwrap();
        let one = make(7);
        c.bench_function(&format!("score one household ({name})"), |b| {
            b.iter(|| card.score("H", black_box(&one), ScoringOptions::default()))
        });
        let many: Vec<Facts> = (0..20_000).map(make).collect();
        let mut group = c.benchmark_group("rescore");
        group.sample_size(10);
        group.bench_function(format!("20,000 households ({name})"), |b| {
            b.iter(|| {
                many.iter()
                    .map(|f| card.score("H", f, ScoringOptions::default()).limit_yuan)
                    .sum::<i64>()
            })
        });
        let texts: Vec<String> = many
            .iter()
            .map(|f| serde_json::to_string(f).unwrap())
            .collect();
        group.bench_function(format!("20,000 households from JSON ({name})"), |b| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| {
                        let f: Facts = serde_json::from_str(t).unwrap();
                        card.score("H", &f, ScoringOptions::default()).limit_yuan
                    })
                    .sum::<i64>()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
