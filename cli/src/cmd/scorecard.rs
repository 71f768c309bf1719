//! `cunxin scorecard list`, `show` and `check`.

use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Subcommand;
use cunxin_core::scoring::{check, presets};
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ScorecardCommand {
    /// List the built-in scorecards.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Print a preset's full definition in the file format a bank edits (TOML; JSON with --json).
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Check a definition file (TOML or JSON) and report every problem.
    Check {
        #[arg(long)]
        json: bool,
        file: PathBuf,
    },
}

fn unknown_preset(name: &str) -> Fatal {
    let names: Vec<_> = presets::preset_names().collect();
    Fatal(format!(
        "there is no built-in scorecard '{name}'; choose one of: {}",
        names.join(", ")
    ))
}

impl ScorecardCommand {
    pub fn run(self) -> CmdResult {
        match self {
            ScorecardCommand::List { json } => {
                let cards: Vec<_> = presets::preset_names()
                    .filter_map(presets::preset)
                    .collect();
                if json {
                    let list: Vec<_> = cards
                        .iter()
                        .map(|c| json!({"id": c.id, "version": c.version, "name": c.name}))
                        .collect();
                    print_json(&list)?;
                } else {
                    for c in cards {
                        println!("{:<10} {:<8} {}", c.id, c.version, c.name);
                    }
                }
                Ok(Outcome::Clean)
            }
            ScorecardCommand::Show { name, json } => {
                let text = presets::preset_text(&name).ok_or_else(|| unknown_preset(&name))?;
                if json {
                    let card = presets::preset(&name).ok_or_else(|| unknown_preset(&name))?;
                    println!("{}", card.to_json());
                } else {
                    print!("{text}");
                }
                Ok(Outcome::Clean)
            }
            ScorecardCommand::Check { json, file } => {
                let text = std::fs::read_to_string(&file).map_err(|e| {
                    Fatal(format!(
                        "cannot read {}: {e}; give the path of a scorecard definition file",
                        file.display()
                    ))
                })?;
                let problems = check::check_definition(&text);
                if json {
                    print_json(
                        &json!({"file": file, "valid": problems.is_empty(), "problems": problems}),
                    )?;
                } else if problems.is_empty() {
                    println!("{}: 评分卡定义无误 the definition is sound", file.display());
                } else {
                    println!(
                        "{}: 发现 {} 个问题 {} problem(s):",
                        file.display(),
                        problems.len(),
                        problems.len()
                    );
                    for p in &problems {
                        println!("  - {p}");
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
