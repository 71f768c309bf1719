//! Village roster import (村级采集表): reading CSV/XLSX, checking every row, grouping members
//! into households, and the data-problem report. Checking loads nothing.

pub mod check;
pub mod columns;
mod household;
pub mod problem;
pub mod source;

use crate::intake::relation::Relation;
use crate::intake::resident_id::Sex;
use problem::{Problem, Severity};
use serde::Serialize;
use std::path::Path;

/// One person of a household, as read from the roster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterMember {
    /// The data row it came from.
    pub row: usize,
    pub name: String,
    pub id_number: String,
    pub birth_date: chrono::NaiveDate,
    pub sex: Sex,
    /// None for a word Cunxin does not know; `relation_word` keeps it.
    pub relation: Option<Relation>,
    pub relation_word: String,
    pub phone: Option<String>,
    pub ethnicity: String,
    pub land: String,
}

/// A household of usable rows with exactly one head.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterHousehold {
    /// The household number (户号), else the head's ID number.
    pub key: String,
    pub town: String,
    pub village: String,
    pub group: String,
    pub address: String,
    pub members: Vec<RosterMember>,
}

/// The report of `roster check` and what an import would load.
#[derive(Debug, Clone, Serialize)]
pub struct RosterCheck {
    pub encoding: source::Encoding,
    pub rows: usize,
    pub households: usize,
    pub members: usize,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
    #[serde(skip)]
    pub usable: Vec<RosterHousehold>,
}

#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error(transparent)]
    Source(#[from] source::SourceError),
    #[error(
        "no header row with 姓名 and 身份证 was found in the first ten rows; use the village collection sheet's headers"
    )]
    NoHeader,
}

/// Reads and checks a roster file.
pub fn check_roster(path: &Path) -> Result<RosterCheck, RosterError> {
    check_rows(source::read_rows(path)?)
}

/// Checks a roster given as the file's bytes (what the fuzz targets drive).
pub fn check_roster_bytes(bytes: Vec<u8>) -> Result<RosterCheck, RosterError> {
    check_rows(source::rows_from_bytes(bytes)?)
}

fn check_rows(
    (encoding, rows): (source::Encoding, Vec<Vec<source::Cell>>),
) -> Result<RosterCheck, RosterError> {
    let (header, map) = columns::find_header_row(&rows).ok_or(RosterError::NoHeader)?;
    let checked = check::check_rows(&rows[header + 1..], &map);
    let (errors, warnings) = checked
        .problems
        .into_iter()
        .partition(|p| p.severity == Severity::Error);
    Ok(RosterCheck {
        encoding,
        rows: checked.rows,
        households: checked.households.len(),
        members: checked.households.iter().map(|h| h.members.len()).sum(),
        errors,
        warnings,
        usable: checked.households,
    })
}

#[cfg(test)]
mod tests;
