//! `cunxin demo`: the field workflow on the sample town (城关镇: 王庄村 and 李家沟村, about
//! 120 households, from `cunxin-sample`), end to end: the sample and its planted problems,
//! roster check, search at the door, then ([`field`]) the encrypted store, every door of the
//! script (facts, photos, panel, estimate, reconciliation, consents, finalize), the village
//! reports, sealing, upload to the reference platform, receipt and purge.

mod field;

use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Args;
use cunxin_core::intake::roster::check_roster;
use cunxin_core::intake::search::{SearchEntry, SearchIndex};
use cunxin_core::model::labels::label_of;
use cunxin_core::privacy::{mask_id, mask_name};
use cunxin_sample::{DEFAULT_SEED, SampleVillage};
use serde_json::json;

#[derive(Args)]
pub struct DemoArgs {
    #[arg(long)]
    json: bool,
    /// Work in this folder and keep it (the sample, the tablet's store and key, the reports,
    /// the batch, the platform's data); by default a temporary folder, removed at the end.
    #[arg(long)]
    keep: Option<std::path::PathBuf>,
}

impl DemoArgs {
    pub fn run(self) -> CmdResult {
        let say = |line: String| {
            if !self.json {
                println!("{line}");
            }
        };
        let temporary;
        let work = match &self.keep {
            Some(dir) => dir.clone(),
            None => {
                temporary = tempfile::tempdir()
                    .map_err(|e| Fatal(format!("could not create a work folder: {e}")))?;
                temporary.path().to_path_buf()
            }
        };

        let sample = SampleVillage::generate(DEFAULT_SEED);
        let script = &sample.script;
        say(format!(
            "村信 Cunxin 演示 demo — {} {} (样本 sample, seed {DEFAULT_SEED})\n",
            script.town,
            script.villages.join("、")
        ));
        say("0. 样本村 the sample: drawn photos, fake ID cards marked 样本 SAMPLE; planted problems:".into());
        let sample_dir = work.join("sample");
        sample.write(&sample_dir).map_err(|e| {
            Fatal(format!(
                "could not write the sample into {}: {e}",
                sample_dir.display()
            ))
        })?;
        for problem in &sample.problems {
            say(format!(
                "   {} {}: {}",
                problem.household, problem.kind, problem.detail
            ));
        }

        say("\n1. 花名册导入检查 roster check".into());
        let report = check_roster(&sample_dir.join("roster.csv")).map_err(Fatal::from)?;
        say(format!(
            "   {} 行 rows, {} 户可用 households usable, {} 人 people; {} 个错误 errors, {} 个警告 warnings",
            report.rows,
            report.households,
            report.members,
            report.errors.len(),
            report.warnings.len()
        ));
        for p in report.errors.iter().chain(&report.warnings) {
            say(format!(
                "   第{}行 row {} {}: {}",
                p.row,
                p.column.unwrap_or("-"),
                p.code,
                p.message
            ));
        }

        say(
            "\n2. 入户查找 search at the door (name, pinyin, ID or phone tail, household number)"
                .into(),
        );
        let index = SearchIndex::new(
            report
                .usable
                .iter()
                .flat_map(|h| {
                    h.members.iter().map(|m| {
                        SearchEntry::new(&h.key, &m.name, &m.id_number, m.phone.as_deref())
                    })
                })
                .collect(),
        );
        // Rare surnames by name, a head by the last four ID digits, a household number.
        let tail = &report.usable[0].members[0].id_number[14..];
        for query in ["单", "曾", "解", tail, "H0007"] {
            for hit in index.search(query, 2) {
                let e = index.entry(hit.entry);
                say(format!(
                    "   \"{query}\" → {} {} {} ({})",
                    e.household,
                    mask_name(&e.name),
                    mask_id(&e.id_number),
                    label_of("matched", &hit.kind)
                ));
            }
        }

        let field = field::run(&sample, &sample_dir, &report, &work, &say)?;
        if self.keep.is_some() {
            say(format!(
                "\n全部文件 everything is kept in {}",
                work.display()
            ));
        }
        if self.json {
            print_json(&json!({"problems": sample.problems, "roster": report, "field": field}))?;
        }
        Ok(Outcome::Clean)
    }
}
