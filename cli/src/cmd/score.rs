//! `cunxin score`: score the households of a facts file with a scorecard.

use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use crate::table::{left, right};
use clap::Args;
use cunxin_core::scoring::result::ScoreErrorCode;
use cunxin_core::scoring::{Facts, ScoreResult, Scorecard, ScoringOptions, check, presets};
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ScoreArgs {
    /// A preset name (luquan, jinxiang) or a definition file (TOML or JSON).
    #[arg(long)]
    scorecard: String,
    /// The current loan prime rate in percent, the floor of the rate (e.g. 3.45).
    #[arg(long)]
    lpr: Option<f64>,
    /// Machine-readable output (the CLI contract).
    #[arg(long)]
    json: bool,
    /// For people: each household's points by item and what would raise them.
    #[arg(long)]
    explain: bool,
    /// A JSON array of {"household": ..., "facts": {...}}.
    facts: PathBuf,
}

/// One entry of the facts file.
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
            "the scorecard file {} has {} problem(s), first: {first}; run `cunxin scorecard check {}` to see all",
            path.display(),
            problems.len(),
            path.display()
        )));
    }
    Scorecard::parse(&text).map_err(Fatal)
}

/// Reads the facts file, naming the first entry that is not `{"household": str, "facts": {…}}`.
fn read_facts(path: &Path) -> Result<Vec<HouseholdFacts>, Fatal> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Fatal(format!("cannot read facts file {}: {e}", path.display())))?;
    let shape = "a JSON array of {\"household\": \"...\", \"facts\": {...}}";
    let entries: Vec<Value> = match serde_json::from_str(&text) {
        Ok(Value::Array(entries)) => entries,
        Ok(_) => return Err(Fatal(format!("{} must be {shape}", path.display()))),
        Err(e) => {
            return Err(Fatal(format!(
                "{} is not valid JSON (line {}, column {}); it must be {shape}",
                path.display(),
                e.line(),
                e.column()
            )));
        }
    };
    entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let household = entry.get("household").and_then(Value::as_str);
            let facts = entry.get("facts").and_then(Value::as_object);
            match (household, facts) {
                (Some(h), Some(f)) => Ok(HouseholdFacts {
                    household: h.to_string(),
                    facts: f.clone(),
                }),
                _ => Err(Fatal(format!(
                    "entry {} of {} needs \"household\" (text) and \"facts\" (an object of fact id to value)",
                    i + 1,
                    path.display()
                ))),
            }
        })
        .collect()
}

impl ScoreArgs {
    pub fn run(self) -> CmdResult {
        if let Some(lpr) = self.lpr
            && !(lpr.is_finite() && (0.0..=100.0).contains(&lpr))
        {
            return Err(Fatal(format!(
                "--lpr {lpr} is not a percentage between 0 and 100; give the current LPR, e.g. --lpr 3.45"
            )));
        }
        let card = load_scorecard(&self.scorecard)?;
        let households = read_facts(&self.facts)?;
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
            print_table(&card, &results, self.explain);
        }
        let any_error = results.iter().any(|r| r.error.is_some());
        Ok(if any_error {
            Outcome::ProblemsReported
        } else {
            Outcome::Clean
        })
    }
}

fn amount(x: Option<i64>) -> String {
    x.map_or("-".into(), |x| x.to_string())
}

fn print_table(card: &Scorecard, results: &[ScoreResult], explain: bool) {
    println!(
        "评分卡 scorecard: {} {} ({})",
        card.name.zh, card.version, card.id
    );
    println!(
        "{} {} {} {} {} {} {}  说明 notes",
        left("户号", 12),
        right("得分", 6),
        left("等级", 11),
        left("信用户", 6),
        right("额度(元)", 9),
        right("初始额度", 9),
        right("利率%", 6)
    );
    for r in results {
        let note = match &r.error {
            Some(e) => format!(
                "{} {}: {}",
                match e.code {
                    ScoreErrorCode::MissingFact => "缺少事实",
                    ScoreErrorCode::InvalidFact => "事实有误",
                },
                e.code.as_str(),
                e.facts.join(", ")
            ),
            None => r.reasons.join("; "),
        };
        println!(
            "{} {} {} {} {} {} {}  {}",
            left(&r.household, 12),
            right(&r.points.to_string(), 6),
            left(
                &r.grade
                    .as_deref()
                    .map_or_else(|| "-".into(), |g| cunxin_core::labels::zh("grade", g)),
                11
            ),
            left(if r.credit_household { "是" } else { "否" }, 6),
            right(&r.limit_yuan.to_string(), 9),
            right(&amount(r.initial_limit_yuan), 9),
            right(&r.rate_percent.map_or("-".into(), |x| x.to_string()), 6),
            note
        );
        if explain && r.error.is_none() && r.eligible {
            for c in &r.contributions {
                println!(
                    "    {} {}",
                    left(&c.label, 24),
                    right(&c.points.to_string(), 6)
                );
            }
            let raise: Vec<String> = r
                .improvements
                .iter()
                .map(|i| format!("{} +{}", i.label, i.gain()))
                .collect();
            if !raise.is_empty() {
                println!("    可提升 what would raise it: {}", raise.join(", "));
            }
        }
    }
    let count = |f: &dyn Fn(&ScoreResult) -> bool| results.iter().filter(|r| f(r)).count();
    println!(
        "共 {} 户 households: 信用户 credit {}, 不符合条件 ineligible {}, 否决 vetoed {}, 有误 errors {}",
        results.len(),
        count(&|r| r.credit_household),
        count(&|r| r.error.is_none() && !r.eligible),
        count(&|r| r.vetoed),
        count(&|r| r.error.is_some())
    );
}
