//! `cunxin scorecard show` and `cunxin scorecard check`.

use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Subcommand;
use cunxin_core::scoring::{check, presets};
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ScorecardCommand {
    /// Print a preset's full definition in the file format a bank edits.
    Show { name: String },
    /// Check a definition file and report every problem.
    Check {
        #[arg(long)]
        json: bool,
        file: PathBuf,
    },
}

impl ScorecardCommand {
    pub fn run(self) -> CmdResult {
        match self {
            ScorecardCommand::Show { name } => {
                let text = presets::preset_text(&name).ok_or_else(|| {
                    let names: Vec<_> = presets::preset_names().collect();
                    Fatal(format!(
                        "there is no built-in scorecard '{name}'; choose one of: {}",
                        names.join(", ")
                    ))
                })?;
                print!("{text}");
                Ok(Outcome::Clean)
            }
            ScorecardCommand::Check { json, file } => {
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| Fatal(format!("cannot read {}: {e}", file.display())))?;
                let problems = check::check_definition(&text);
                if json {
                    print_json(
                        &json!({"file": file, "valid": problems.is_empty(), "problems": problems}),
                    )?;
                } else if problems.is_empty() {
                    println!("{}: 评分卡定义无误 the definition is sound", file.display());
                } else {
                    for p in &problems {
                        println!("{}: {p}", file.display());
                    }
                }
                Ok(if problems.is_empty() {
                    Outcome::Clean
                } else {
                    Outcome::ProblemsReported
                })
            }
        }
    }
}
