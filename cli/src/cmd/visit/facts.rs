//! `cunxin household facts`: the visit form from the scorecard's declarations, one fact
//! saved at a time (each checked first), and what is still needed; `estimate` prints.

use super::{CardArgs, refused};
use crate::cmd::store::StoreArgs;
use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use crate::table::left;
use clap::Args;
use cunxin_core::model::HouseholdId;
use cunxin_core::scoring::Scorecard;
use cunxin_core::store::{ShownEstimate, VisitForm};
use serde_json::Value;
use std::path::PathBuf;

#[derive(Args)]
pub struct FactsArgs {
    #[command(flatten)]
    store: StoreArgs,
    id: String,
    #[command(flatten)]
    card: CardArgs,
    /// `fact=value`; the value is read as JSON (40, true, "code", ["a","b"]) or else as text.
    #[arg(long = "set")]
    set: Vec<String>,
    /// A JSON object of fact id → value to save, one fact at a time.
    #[arg(long)]
    file: Option<PathBuf>,
    #[arg(long)]
    json: bool,
    /// Show the values saved.
    #[arg(long)]
    reveal: bool,
}

fn parse_set(text: &str) -> Result<(String, Value), Fatal> {
    let (fact, value) = text.split_once('=').ok_or_else(|| {
        Fatal(format!(
            "'{text}' is not fact=value; write e.g. --set applicant_age=40"
        ))
    })?;
    let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_string()));
    Ok((fact.trim().to_string(), value))
}

impl FactsArgs {
    pub fn run(self) -> CmdResult {
        let mut store = self.store.open()?;
        let card = self.card.card(&store)?;
        let id = HouseholdId(self.id.clone());
        let mut values: Vec<(String, Value)> = Vec::new();
        if let Some(path) = &self.file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Fatal(format!("could not read {}: {e}", path.display())))?;
            let object: serde_json::Map<String, Value> =
                serde_json::from_str(&text).map_err(|_| {
                    Fatal(format!(
                        "{} is not a JSON object of fact id → value",
                        path.display()
                    ))
                })?;
            values.extend(object);
        }
        for set in &self.set {
            values.push(parse_set(set)?);
        }
        for (fact, value) in values {
            if let Err(e) = store.set_fact(&id, &card, &fact, value) {
                return refused(e, self.json);
            }
        }
        let form = store
            .visit_form(&id, &card)
            .map_err(crate::cmd::store::store_error)?;
        if self.json {
            let mut out = serde_json::to_value(&form).map_err(|e| Fatal(e.to_string()))?;
            if !self.reveal {
                out["values"] = Value::Null;
            }
            print_json(&out)?;
        } else {
            print_form(&form, self.reveal);
        }
        Ok(Outcome::Clean)
    }
}

fn print_form(form: &VisitForm, reveal: bool) {
    println!(
        "评分卡 scorecard {} {} ({})",
        form.form.scorecard, form.form.version, form.form.name
    );
    for f in &form.form.fields {
        let state = if form.progress.invalid.contains(&f.id) {
            "有误 invalid".to_string()
        } else if form.progress.missing.contains(&f.id) {
            "待填 missing".to_string()
        } else if let Some(v) = form.values.get(&f.id) {
            if reveal {
                v.to_string()
            } else {
                "已填 given".to_string()
            }
        } else if f.required {
            "-".to_string()
        } else {
            "可选 optional".to_string()
        };
        let unit = f.unit.as_ref().map(|u| u.zh.as_str()).unwrap_or("");
        println!(
            "  {} {} {} {}",
            left(&f.id, 28),
            left(&f.label.zh, 20),
            left(unit, 6),
            state
        );
    }
    let p = &form.progress;
    println!(
        "已得 points so far {}, 最高可达 at most {}; {}",
        p.points_so_far,
        p.points_possible,
        if p.complete {
            "完整 complete".to_string()
        } else {
            format!(
                "尚缺 {} missing, {} invalid",
                p.missing.len(),
                p.invalid.len()
            )
        }
    );
}

pub(super) fn print_estimate(card: &Scorecard, shown: &ShownEstimate, json: bool) -> CmdResult {
    let r = &shown.result;
    if json {
        print_json(shown)?;
    } else {
        println!(
            "估算额度 estimated limit {} yuan ({} {}, {} points{}) — 以银行审批为准 subject to bank approval",
            r.limit_yuan,
            card.id,
            card.version,
            r.points,
            r.grade
                .as_deref()
                .map(|g| format!(", grade {g}"))
                .unwrap_or_default()
        );
        for reason in &r.reasons {
            println!("  {reason}");
        }
    }
    Ok(if r.error.is_some() {
        Outcome::ProblemsReported
    } else {
        Outcome::Clean
    })
}
