//! `cunxin roster check` and `cunxin roster import` (its store side is in `store/import.rs`).

use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Subcommand;
use cunxin_core::intake::roster::{RosterCheck, check_roster, problem::Problem};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum RosterCommand {
    /// Report every problem of a roster file without loading anything.
    Check {
        #[arg(long)]
        json: bool,
        file: PathBuf,
    },
    /// Import a roster file into the store.
    Import {
        #[command(flatten)]
        store: super::store::StoreArgs,
        #[arg(long)]
        json: bool,
        file: PathBuf,
    },
}

impl RosterCommand {
    pub fn run(self) -> CmdResult {
        match self {
            RosterCommand::Check { json, file } => {
                if !file.exists() {
                    return Err(Fatal(format!(
                        "there is no roster file at {}",
                        file.display()
                    )));
                }
                let report =
                    check_roster(&file).map_err(|e| Fatal(format!("{}: {e}", file.display())))?;
                if json {
                    print_json(&report)?;
                } else {
                    print_report(&report);
                }
                Ok(if report.errors.is_empty() {
                    Outcome::Clean
                } else {
                    Outcome::ProblemsReported
                })
            }
            RosterCommand::Import { store, json, file } => {
                super::store::roster_import(&store, &file, json)
            }
        }
    }
}

pub(crate) fn print_report(report: &RosterCheck) {
    use crate::table::{left, right};
    println!(
        "行数 rows {}  户数 households {}  人数 members {}  错误 errors {}  警告 warnings {}",
        report.rows,
        report.households,
        report.members,
        report.errors.len(),
        report.warnings.len()
    );
    let print = |kind: &str, problems: &[Problem]| {
        for p in problems {
            let row = format!("第{}行", p.row);
            let column = left(p.column.unwrap_or("-"), 18);
            println!(
                "{kind} {} {column} {} {}",
                right(&row, 9),
                left(p.code, 20),
                p.message
            );
        }
    };
    print("错误", &report.errors);
    print("警告", &report.warnings);
}
