//! `cunxin demo`: the field workflow on the built-in sample village (城关镇: 王庄村 and 石桥村,
//! about 120 households), end to end: roster check, search at the door, committee review,
//! scoring with the explanation shown to the resident, reconciliation, the roll-ups; then
//! ([`field`]) the encrypted store, photos, consents, the village reports, sealing, upload
//! to the reference platform, receipt and purge. What a person would have seen (the reports)
//! is written to one folder, named at the end.

mod field;
mod sample;
mod scene;

use crate::cmd::report::assess::assess;
use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Args;
use cunxin_core::intake::roster::check_roster_bytes;
use cunxin_core::intake::search::{SearchEntry, SearchIndex, initials};
use cunxin_core::labels;
use cunxin_core::privacy::{mask_id, mask_name};
use cunxin_core::scoring::audit::ScoringRun;
use cunxin_core::scoring::presets::preset;
use cunxin_core::scoring::rollup::{town_rollup, village_rollup};
use sample::Sample;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Args)]
pub struct DemoArgs {
    #[arg(long)]
    json: bool,
    /// Work in this folder and keep it (the tablet's store, the batch, the platform's data);
    /// by default a temporary folder, removed at the end.
    #[arg(long)]
    keep: Option<PathBuf>,
    /// Where to write what a person would have seen (the village reports as HTML and PDF).
    #[arg(long, default_value = "cunxin-demo")]
    out: PathBuf,
}

/// How many households the terminal shows line by line; the reports show them all.
const SHOWN: usize = 8;

impl DemoArgs {
    pub fn run(self) -> CmdResult {
        let say = |line: String| {
            if !self.json {
                println!("{line}");
            }
        };
        let sample = Sample::load()?;
        let names: Vec<&str> = sample.villages.iter().map(|v| v.name.as_str()).collect();
        say(format!(
            "村信 Cunxin 演示 demo — {} {} (sample village, {} households)\n",
            sample.town,
            names.join("、"),
            sample.facts.len()
        ));

        say("1. 花名册导入检查 roster check".into());
        let report = check_roster_bytes(sample::ROSTER.as_bytes().to_vec()).map_err(Fatal::from)?;
        say(format!(
            "   {} 行 rows, {} 户可用 usable households, {} 人 people; {} 个错误 errors, {} 个警告 warnings",
            report.rows,
            report.households,
            report.members,
            report.errors.len(),
            report.warnings.len()
        ));
        for p in report.errors.iter().chain(&report.warnings) {
            say(format!(
                "   第{}行 row {} · {}: {}",
                p.row,
                p.column.unwrap_or("-"),
                labels::problem(p.code),
                p.message
            ));
        }

        let d = &sample.departments;
        let count =
            |f: fn(&cunxin_core::model::DepartmentFlags) -> bool| d.iter().filter(|r| f(r)).count();
        say(format!(
            "   部门数据 department records (shown, never edited): {} people — 法院被执行 court enforcement {}, 建档立卡 poverty registry {}, 私家车 private car {}, 不动产 real estate {}, 农机 farm machinery {}",
            d.len(),
            count(|r| r.court_enforcement),
            count(|r| r.poverty_registry),
            count(|r| r.private_car),
            count(|r| r.real_estate),
            count(|r| r.farm_machinery)
        ));

        say("\n2. 入户查找 search at the door".into());
        let people: Vec<(&str, &str, &str, Option<&str>)> = report
            .usable
            .iter()
            .flat_map(|h| {
                h.members.iter().map(|m| {
                    (
                        h.key.as_str(),
                        m.name.as_str(),
                        m.id_number.as_str(),
                        m.phone.as_deref(),
                    )
                })
            })
            .collect();
        let index = SearchIndex::new(
            people
                .iter()
                .map(|(h, n, id, phone)| SearchEntry::new(h, n, id, *phone))
                .collect(),
        );
        // Surnames read differently as surnames (单 Shàn, 曾 Zēng, 解 Xiè), an ID tail, a
        // household number: what a grid manager types at the door.
        let mut queries: Vec<String> = ["单", "曾", "解"]
            .iter()
            .filter_map(|s| people.iter().find(|p| p.1.starts_with(s)))
            .filter_map(|p| initials(p.1).into_iter().next())
            .collect();
        if let Some(first) = people.first() {
            queries.push(first.2[first.2.len() - 4..].to_string());
        }
        queries.push("SQ007".into());
        for query in &queries {
            for hit in index.search(query, 2) {
                let e = index.entry(hit.entry);
                say(format!(
                    "   \"{query}\" → {} {} {} ({})",
                    e.household,
                    mask_name(&e.name),
                    mask_id(&e.id_number),
                    labels::match_kind(hit.kind)
                ));
            }
        }

        say("\n3. 背对背评议 committee review (5 members), 4. 评分 scoring (luquan), 5. 额度核定 reconciliation".into());
        let card = preset("luquan").ok_or_else(|| Fatal("the luquan preset is missing".into()))?;
        let usable: std::collections::BTreeSet<&str> =
            report.usable.iter().map(|h| h.key.as_str()).collect();
        let mut outcomes: BTreeMap<String, Vec<_>> = BTreeMap::new();
        let mut rows = Vec::new();
        let mut field_visits = Vec::new();
        let mut flags: BTreeMap<String, usize> = BTreeMap::new();
        let mut grades: BTreeMap<String, usize> = BTreeMap::new();
        for (household, facts) in &sample.facts {
            // A household the roster check held back (two heads) is corrected first, not visited.
            if !usable.contains(household.as_str()) {
                continue;
            }
            let ratings = sample.ratings.get(household).cloned().unwrap_or_default();
            let a = assess(&card, household, facts, &ratings)?;
            let run = ScoringRun::new(
                &card,
                facts,
                &a.result,
                true,
                "2026-11-22T10:00:00+08:00".into(),
            );
            if rows.len() < SHOWN {
                say(format!(
                    "   {household}  {} {:>5}  {} {:<16}  {} {:>7}  {} {:>7}  {} {:>7}  {}",
                    labels::zh("term", "points"),
                    a.result.points.to_string(),
                    labels::zh("term", "grade"),
                    labels::grade(a.result.grade.as_deref()),
                    labels::zh("term", "model_limit"),
                    labels::yuan(a.reconciliation.model_limit_yuan),
                    labels::zh("term", "committee_limit"),
                    a.reconciliation
                        .committee_limit_yuan
                        .map_or_else(|| "-".into(), labels::yuan),
                    labels::zh("term", "proposed_limit"),
                    labels::yuan(a.outcome.proposed_limit_yuan),
                    labels::reconcile(&a.reconciliation.flag)
                ));
            }
            *flags
                .entry(labels::reconcile(&a.reconciliation.flag))
                .or_default() += 1;
            *grades
                .entry(labels::grade(a.result.grade.as_deref()))
                .or_default() += 1;
            let village = sample
                .village_of(household)
                .map(|v| v.name.clone())
                .unwrap_or_default();
            outcomes.entry(village).or_default().push(a.outcome.clone());
            rows.push(json!({"household": household, "result": a.result, "committee": a.committee, "reconciliation": a.reconciliation}));
            field_visits.push(field::Visit {
                household: household.clone(),
                facts: facts.clone(),
                run,
                ratings,
            });
        }
        say(format!(
            "   … {} households in all (every one in the village reports)",
            rows.len()
        ));
        say(format!(
            "   {}: {}",
            labels::term("grade"),
            join_counts(&grades)
        ));
        say(format!("   核定 reconciliation: {}", join_counts(&flags)));
        if let Some(first) = rows.first() {
            say(format!(
                "\n   给居民看的预估 the estimate shown to the resident ({}), 以银行审批为准 subject to the bank's approval:",
                first["household"].as_str().unwrap_or("")
            ));
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

        say("\n6. 村级与镇级汇总 village and town roll-ups".into());
        let mut villages = Vec::new();
        for v in &sample.villages {
            let rollup = village_rollup(
                &v.name,
                outcomes.get(&v.name).map_or(&[][..], |o| &o[..]),
                &v.loans,
            );
            say(format!(
                "   {}: {} {}/{} 户, {} {}, {} {} 元, {} {}, {} {}",
                v.name,
                labels::zh("term", "credit_households"),
                rollup.credit_households,
                rollup.households,
                labels::term("coverage"),
                rollup
                    .coverage_permille
                    .map_or_else(|| "-".into(), labels::percent_from_permille),
                labels::zh("term", "total_limit"),
                labels::yuan(rollup.total_proposed_limit_yuan),
                labels::zh("term", "credit_village"),
                labels::verdict(rollup.credit_village_seed002),
                labels::zh("term", "lending"),
                labels::lending(rollup.lending)
            ));
            villages.push(rollup);
        }
        let town = town_rollup(&sample.town, &villages, &Default::default());
        say(format!(
            "   {}: {} {}/{}, 信用乡镇 credit town {}",
            sample.town,
            labels::zh("term", "credit_village"),
            town.credit_villages,
            town.villages,
            labels::verdict(town.credit_town)
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
        let field = field::run(&report, &sample, &field_visits, &work, &self.out, &say)?;
        if self.json {
            print_json(
                &json!({"roster": report, "households": rows, "villages": villages, "town": town, "field": field}),
            )?;
        } else {
            say(format!(
                "\n看看 what a person would have seen (village reports, HTML and PDF): {}",
                field.out_dir
            ));
        }
        Ok(Outcome::Clean)
    }
}

fn join_counts(counts: &BTreeMap<String, usize>) -> String {
    counts
        .iter()
        .map(|(what, n)| format!("{what} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
