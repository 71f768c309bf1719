//! `cunxin score`: score the households of a facts file with a scorecard.

use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Args;
use cunxin_core::scoring::{Facts, ScoreResult, Scorecard, ScoringOptions, check, presets};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ScoreArgs {
    /// A preset name (luquan, jinxiang) or a definition file.
    #[arg(long)]
    scorecard: String,
    /// The current loan prime rate in percent, the floor of the rate.
    #[arg(long)]
    lpr: Option<f64>,
    #[arg(long)]
    json: bool,
    /// A JSON array of {"household": ..., "facts": {...}}.
    facts: PathBuf,
}

#[derive(Deserialize)]
struct HouseholdFacts {
    household: String,
    facts: Facts,
}

/// A preset by name, or a definition file that passes `scorecard check`.
pub fn load_scorecard(name_or_file: &str) -> Result<Scorecard, Fatal> {
    if let Some(card) = presets::preset(name_or_file) {
        return Ok(card);
    }
    let path = Path::new(name_or_file);
    if !path.exists() {
        let names: Vec<_> = presets::preset_names().collect();
        return Err(Fatal(format!(
            "'{name_or_file}' is neither a built-in scorecard ({}) nor an existing definition file",
            names.join(", ")
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        Fatal(format!(
            "cannot read scorecard file {}: {e}",
            path.display()
        ))
    })?;
    let problems = check::check_definition(&text);
    if let Some(first) = problems.first() {
        return Err(Fatal(format!(
            "the scorecard file {} has {} problem(s), first: {first}; run `cunxin scorecard check` to see all",
            path.display(),
            problems.len()
        )));
    }
    Scorecard::from_toml(&text).map_err(Fatal)
}

impl ScoreArgs {
    pub fn run(self) -> CmdResult {
        if let Some(lpr) = self.lpr
            && !(0.0..=100.0).contains(&lpr)
        {
            return Err(Fatal(format!(
                "--lpr {lpr} is not a percentage between 0 and 100"
            )));
        }
        let card = load_scorecard(&self.scorecard)?;
        let text = std::fs::read_to_string(&self.facts).map_err(|e| {
            Fatal(format!(
                "cannot read facts file {}: {e}",
                self.facts.display()
            ))
        })?;
        let households: Vec<HouseholdFacts> = serde_json::from_str(&text).map_err(|e| {
            Fatal(format!(
                "{} is not a JSON array of {{\"household\": ..., \"facts\": {{...}}}} ({e})",
                self.facts.display()
            ))
        })?;
        let options = ScoringOptions {
            lpr_percent: self.lpr,
        };
        let results: Vec<ScoreResult> = households
            .iter()
            .map(|h| card.score(&h.household, &h.facts, options))
            .collect();
        if self.json {
            print_json(&results)?;
        } else {
            print_table(&results);
        }
        let any_error = results.iter().any(|r| r.error.is_some());
        Ok(if any_error {
            Outcome::ProblemsReported
        } else {
            Outcome::Clean
        })
    }
}

fn print_table(results: &[ScoreResult]) {
    use crate::table::{left, right};
    println!(
        "{} {} {} {} {} {}  说明 notes",
        left("户号", 12),
        right("得分", 6),
        left("等级", 6),
        left("信用户", 6),
        right("额度(元)", 9),
        right("利率%", 6)
    );
    for r in results {
        let note = match &r.error {
            Some(e) => format!(
                "缺少或错误的事实 missing/invalid facts: {}",
                e.facts.join(", ")
            ),
            None => r.reasons.join("; "),
        };
        println!(
            "{} {} {} {} {} {}  {}",
            left(&r.household, 12),
            right(&r.points.to_string(), 6),
            left(r.grade.as_deref().unwrap_or("-"), 6),
            left(if r.credit_household { "是" } else { "否" }, 6),
            right(&r.limit_yuan.to_string(), 9),
            right(
                &r.rate_percent.map_or("-".to_string(), |x| x.to_string()),
                6
            ),
            note
        );
    }
}
