//! Intake calls: resident IDs, roster checking, people search.

use crate::error::ApiResult;
use cunxin_core::intake::divisions;
use cunxin_core::intake::resident_id::{ResidentId, Sex};
use cunxin_core::intake::roster::check_roster;
use cunxin_core::intake::roster::problem::Problem;
use cunxin_core::intake::search::SearchIndex;

/// A valid resident ID and what it encodes.
#[derive(uniffi::Record)]
pub struct ResidentIdInfo {
    pub normalized: String,
    /// ISO date, YYYY-MM-DD.
    pub birth_date: String,
    pub sex: Sex,
    pub region_code: String,
    /// Province, prefecture and county, e.g. 河南省洛阳市西工区, as far as the table knows it.
    pub region_name: Option<String>,
    /// The county code is not in the current division table (old IDs keep merged counties' codes).
    pub county_code_not_current: bool,
    /// The masked form for screens not meant for the resident.
    pub masked: String,
}

/// Validates a resident ID number; a bad one is `InvalidInput` saying what is wrong.
#[uniffi::export]
pub fn check_resident_id(input: String) -> ApiResult<ResidentIdInfo> {
    let id = ResidentId::parse(&input)?;
    Ok(ResidentIdInfo {
        normalized: id.as_str().to_string(),
        birth_date: id.birth_date().format("%Y-%m-%d").to_string(),
        sex: id.sex(),
        region_code: id.region_code().to_string(),
        region_name: divisions::full_name(id.region_code()),
        county_code_not_current: !divisions::is_current_county(id.region_code()),
        masked: cunxin_core::privacy::mask_id(id.as_str()),
    })
}

/// One line of the roster's data-problem report.
#[derive(uniffi::Record)]
pub struct RosterProblem {
    pub row: u32,
    pub column: Option<String>,
    pub code: String,
    /// One sentence in Chinese and English.
    pub message: String,
    /// True when the row is unusable; false for a warning.
    pub is_error: bool,
}

#[derive(uniffi::Record)]
pub struct RosterReport {
    pub rows: u32,
    pub households: u32,
    pub members: u32,
    pub problems: Vec<RosterProblem>,
}

/// Checks a roster file (CSV or XLSX) by path and reports every problem; loads nothing.
#[uniffi::export]
pub fn check_roster_file(path: String) -> ApiResult<RosterReport> {
    let report = check_roster(std::path::Path::new(&path))?;
    let line = |p: &Problem, is_error| RosterProblem {
        row: p.row as u32,
        column: p.column.map(String::from),
        code: p.code.to_string(),
        message: p.message.clone(),
        is_error,
    };
    let problems = report
        .errors
        .iter()
        .map(|p| line(p, true))
        .chain(report.warnings.iter().map(|p| line(p, false)));
    Ok(RosterReport {
        rows: report.rows as u32,
        households: report.households as u32,
        members: report.members as u32,
        problems: problems.collect(),
    })
}

/// A person found by search; the ID number is masked for the grid manager's list.
#[derive(uniffi::Record)]
pub struct PersonHit {
    pub household: String,
    pub name: String,
    pub id_masked: String,
    /// name, household, initials, id_tail or phone_tail.
    pub matched_by: String,
}

/// The people of a grid, searchable by name, pinyin initials, ID/phone tail, household number.
#[derive(uniffi::Object)]
pub struct PeopleSearch {
    index: SearchIndex,
}

#[uniffi::export]
impl PeopleSearch {
    /// Builds the index from the usable households of a roster file.
    #[uniffi::constructor]
    pub fn from_roster(path: String) -> ApiResult<std::sync::Arc<Self>> {
        let report = check_roster(std::path::Path::new(&path))?;
        Ok(std::sync::Arc::new(PeopleSearch {
            index: SearchIndex::from_roster(&report),
        }))
    }

    pub fn search(&self, query: String, limit: u32) -> Vec<PersonHit> {
        self.index
            .search(&query, limit as usize)
            .into_iter()
            .map(|hit| {
                let e = self.index.entry(hit.entry);
                PersonHit {
                    household: e.household.clone(),
                    name: e.name.clone(),
                    id_masked: cunxin_core::privacy::mask_id(&e.id_number),
                    matched_by: serde_json::to_value(hit.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                }
            })
            .collect()
    }

    pub fn size(&self) -> u32 {
        self.index.len() as u32
    }
}
