//! `cunxin demo`: the field workflow on a built-in sample village (王庄村), end to end: roster
//! check, search at the door, committee review, scoring with the explanation shown to the
//! resident, reconciliation, the village roll-up; then ([`field`]) the encrypted store,
//! photos, consents, sealing, upload to the reference platform, receipt and purge.

mod field;
mod scene;

use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Args;
use cunxin_core::intake::roster::check_roster_bytes;
use cunxin_core::intake::search::{SearchEntry, SearchIndex};
use cunxin_core::privacy::{mask_id, mask_name};
use cunxin_core::scoring::audit::{ScoringRun, probing_flag};
use cunxin_core::scoring::committee::{Rating, aggregate};
use cunxin_core::scoring::presets::preset;
use cunxin_core::scoring::reconcile::{GapDecision, ReconcileFlag, reconcile};
use cunxin_core::scoring::rollup::{HouseholdOutcome, LoanPerformance, village_rollup};
use cunxin_core::scoring::{Facts, ScoringOptions};
use serde::Deserialize;
use serde_json::json;

const ROSTER: &str = include_str!("../../../../tests/fixtures/sample-village/roster.csv");
const FACTS: &str = include_str!("../../../../tests/fixtures/sample-village/facts.json");

#[derive(Args)]
pub struct DemoArgs {
    #[arg(long)]
    json: bool,
    /// Work in this folder and keep it (the tablet's store, the batch, the platform's data);
    /// by default a temporary folder, removed at the end.
    #[arg(long)]
    keep: Option<std::path::PathBuf>,
}

#[derive(Deserialize)]
struct Visit {
    household: String,
    facts: Facts,
}

/// Five panel members' suggestions, spread around a base the way a real panel disagrees.
fn panel_ratings(base: i64, spread: i64) -> Vec<Rating> {
    [-2, -1, 0, 1, 3]
        .iter()
        .enumerate()
        .map(|(i, step)| Rating {
            member: format!("评议员{}", i + 1),
            role: None,
            business: None,
            suggested_limit_yuan: Some((base + step * spread).max(0)),
            integrity: Some(4),
            estimated_income_yuan: None,
            note: String::new(),
        })
        .collect()
}

impl DemoArgs {
    pub fn run(self) -> CmdResult {
        let say = |line: String| {
            if !self.json {
                println!("{line}");
            }
        };
        say("村信 Cunxin 演示 demo — 城关镇王庄村 (sample village)\n".into());

        say("1. 花名册导入检查 roster check".into());
        let report = check_roster_bytes(ROSTER.as_bytes().to_vec()).map_err(Fatal::from)?;
        say(format!(
            "   {} 行, {} 户可用, {} 人; {} 个错误, {} 个警告",
            report.rows,
            report.households,
            report.members,
            report.errors.len(),
            report.warnings.len()
        ));
        for p in report.errors.iter().chain(&report.warnings) {
            say(format!(
                "   第{}行 {} {}: {}",
                p.row,
                p.column.unwrap_or("-"),
                p.code,
                p.message
            ));
        }

        say("\n2. 入户查找 search at the door".into());
        let entries = report
            .usable
            .iter()
            .flat_map(|h| {
                h.members
                    .iter()
                    .map(|m| SearchEntry::new(&h.key, &m.name, &m.id_number, m.phone.as_deref()))
            })
            .collect();
        let index = SearchIndex::new(entries);
        for query in ["wcm", "sgq", "1233"] {
            for hit in index.search(query, 3) {
                let e = index.entry(hit.entry);
                say(format!(
                    "   \"{query}\" → {} {} {} ({:?})",
                    e.household,
                    mask_name(&e.name),
                    mask_id(&e.id_number),
                    hit.kind
                ));
            }
        }

        say("\n3. 背对背评议 committee review, 4. 评分 scoring (luquan), 5. 额度核定 reconciliation".into());
        let card = preset("luquan").ok_or_else(|| Fatal("the luquan preset is missing".into()))?;
        let visits: Vec<Visit> = serde_json::from_str(FACTS).map_err(Fatal::from)?;
        let mut outcomes = Vec::new();
        let mut rows = Vec::new();
        let mut field_visits = Vec::new();
        for (i, visit) in visits.iter().enumerate() {
            let result = card.score(&visit.household, &visit.facts, ScoringOptions::default());
            // The panel sees the household, not the model: its suggestions sit near, not on, the model's.
            let panel_view = [80, 100, 120, 60, 140][i % 5];
            let ratings = panel_ratings(result.limit_yuan.max(10_000) * panel_view / 100, 5_000);
            let committee = aggregate(&ratings);
            // Only credit households get a limit; the committee cannot lift an ineligible one.
            let model = if result.credit_household {
                result.limit_yuan
            } else {
                0
            };
            let committee_limit = committee.limit_yuan.filter(|_| result.credit_household);
            let mut rec =
                reconcile(model, committee_limit, None, Some(100_000)).map_err(Fatal::from)?;
            if rec.flag == ReconcileFlag::NeedsReason && i % 2 == 0 {
                let low = model.min(committee_limit.unwrap_or(0));
                let decision = GapDecision {
                    reason: "经营稳定，评议偏保守 (steady business; the panel was cautious)".into(),
                    amount_yuan: low + 5_000,
                };
                rec = reconcile(model, committee_limit, Some(&decision), Some(100_000))
                    .map_err(Fatal::from)?;
            }
            let run = ScoringRun::new(
                &card,
                &visit.facts,
                &result,
                true,
                "2026-11-22T10:00:00+08:00".into(),
            );
            say(format!(
                "   {}  得分 {:>5}  等级 {:<6}  模型额度 {:>6}  评议额度 {:>6}  建议额度 {:>6}  {:?}",
                visit.household,
                result.points.to_string(),
                result.grade.as_deref().unwrap_or("-"),
                result.limit_yuan,
                committee_limit.unwrap_or(0),
                rec.proposed_limit_yuan,
                rec.flag
            ));
            outcomes.push(HouseholdOutcome {
                evaluated: true,
                eligible: result.eligible,
                credit_household: result.credit_household,
                grade: result.grade.clone(),
                proposed_limit_yuan: if result.credit_household {
                    rec.proposed_limit_yuan
                } else {
                    0
                },
            });
            rows.push(json!({"household": visit.household, "result": result, "committee": committee, "reconciliation": rec, "probing": probing_flag(std::slice::from_ref(&run))}));
            field_visits.push(field::Visit {
                household: visit.household.clone(),
                facts: visit.facts.clone(),
                run,
                ratings,
            });
        }
        if let Some(first) = rows.first() {
            say("\n   给居民看的预估 the estimate shown to the resident (H001), subject to bank approval / 以银行审批为准:".into());
            for c in first["result"]["contributions"]
                .as_array()
                .into_iter()
                .flatten()
            {
                say(format!(
                    "     {:<10} {}",
                    c["label"].as_str().unwrap_or(""),
                    c["points"]
                ));
            }
            let raise: Vec<String> = first["result"]["improvements"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|i| {
                    format!(
                        "{} (+{})",
                        i["label"].as_str().unwrap_or(""),
                        i["max_points"].as_f64().unwrap_or(0.0)
                            - i["points"].as_f64().unwrap_or(0.0)
                    )
                })
                .collect();
            say(format!(
                "     可提升 what would raise it: {}",
                raise.join(", ")
            ));
        }

        say("\n6. 村级汇总 village roll-up".into());
        let village = village_rollup("王庄村", &outcomes, &LoanPerformance::default());
        say(format!(
            "   信用户 {}/{} 户, 授信面 {}‰ (目标 800‰), 建议总额度 {} 元, 信用村 {:?}, 续贷熔断 {:?}",
            village.credit_households,
            village.households,
            village.coverage_permille.unwrap_or(0),
            village.total_proposed_limit_yuan,
            village.credit_village,
            village.lending
        ));

        let temporary;
        let work = match &self.keep {
            Some(dir) => dir.clone(),
            None => {
                temporary = tempfile::tempdir()
                    .map_err(|e| Fatal(format!("could not create a work folder: {e}")))?;
                temporary.path().to_path_buf()
            }
        };
        let field = field::run(&report, &field_visits, &work, &say)?;
        if self.json {
            print_json(
                &json!({"roster": report, "households": rows, "village": village, "field": field}),
            )?;
        }
        Ok(Outcome::Clean)
    }
}
