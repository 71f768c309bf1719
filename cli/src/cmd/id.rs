//! `cunxin id check`.

use crate::exit::{CmdResult, Outcome, print_json};
use clap::Subcommand;
use cunxin_core::intake::divisions;
use cunxin_core::intake::resident_id::{IdError, ResidentId, Sex};
use serde::Serialize;

#[derive(Subcommand)]
pub enum IdCommand {
    /// Check resident ID numbers.
    Check {
        /// Print JSON on stdout.
        #[arg(long)]
        json: bool,
        /// The ID numbers to check.
        #[arg(required = true)]
        ids: Vec<String>,
    },
}

#[derive(Serialize)]
struct IdReport {
    input: String,
    valid: bool,
    normalized: Option<String>,
    birth_date: Option<String>,
    sex: Option<Sex>,
    region_code: Option<String>,
    /// Province, prefecture and county, e.g. 河南省洛阳市西工区 (an addition to the contract).
    region_name: Option<String>,
    error: Option<&'static str>,
    warnings: Vec<String>,
}

impl IdReport {
    fn of(input: &str) -> Self {
        match ResidentId::parse(input) {
            Ok(id) => IdReport {
                input: input.to_string(),
                valid: true,
                normalized: Some(id.as_str().to_string()),
                birth_date: Some(id.birth_date().format("%Y-%m-%d").to_string()),
                sex: Some(id.sex()),
                region_code: Some(id.region_code().to_string()),
                region_name: divisions::full_name(id.region_code()),
                error: None,
                warnings: if divisions::is_current_county(id.region_code()) {
                    Vec::new()
                } else {
                    vec!["county_code".to_string()]
                },
            },
            Err(e) => IdReport {
                input: input.to_string(),
                valid: false,
                normalized: None,
                birth_date: None,
                sex: None,
                region_code: None,
                region_name: None,
                error: Some(IdError::code(e)),
                warnings: Vec::new(),
            },
        }
    }
}

impl IdCommand {
    pub fn run(self) -> CmdResult {
        let IdCommand::Check { json, ids } = self;
        let reports: Vec<IdReport> = ids.iter().map(|id| IdReport::of(id)).collect();
        if json {
            print_json(&reports)?;
        } else {
            for r in &reports {
                let masked = cunxin_core::privacy::mask_id_text(&r.input);
                match (&r.error, &r.birth_date, &r.sex) {
                    (None, Some(birth), Some(sex)) => {
                        let sex = if *sex == Sex::Male { "男" } else { "女" };
                        let place = r.region_name.as_deref().unwrap_or("");
                        let warn = if r.warnings.is_empty() {
                            ""
                        } else {
                            "  警告: 区县代码已不在现行区划表中 county code not current"
                        };
                        println!("{masked}  有效 valid  {birth}  {sex}  {place}{warn}");
                    }
                    _ => println!("{masked}  无效 invalid  {}", r.error.unwrap_or("")),
                }
            }
        }
        let all_valid = reports.iter().all(|r| r.valid);
        Ok(if all_valid {
            Outcome::Clean
        } else {
            Outcome::ProblemsReported
        })
    }
}
