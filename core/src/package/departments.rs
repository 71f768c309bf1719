//! `departments.csv` in a work package: one row per person a department has a record of,
//! keyed by ID number (`身份证`); each flag column 是/否. A 姓名 column may be there and is
//! not kept. Only people of the package's own roster may appear (purpose limitation).

use super::error::PackageError;
use crate::intake::resident_id::ResidentId;
use crate::model::DepartmentFlags;
use std::collections::{BTreeMap, BTreeSet};

/// The flag columns, as the Luoyang notice names the departments' lists.
const COLUMNS: [&str; 7] = [
    "法院被执行人",
    "失信被执行人",
    "建档立卡贫困户",
    "违法记录",
    "私家车",
    "房产",
    "农机",
];

/// The records by ID number; refuses a row it cannot read, naming the row, never its content.
pub(crate) fn read_departments(
    bytes: &[u8],
    grid: &BTreeSet<String>,
) -> Result<BTreeMap<String, DepartmentFlags>, PackageError> {
    let invalid = |why: String| PackageError::Invalid(format!("departments.csv: {why}"));
    let text = std::str::from_utf8(bytes).map_err(|_| invalid("it is not UTF-8 text".into()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|_| invalid("its header row cannot be read".into()))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let id_column = column("身份证").ok_or_else(|| invalid("it has no 身份证 column".into()))?;
    let flag_columns = COLUMNS
        .iter()
        .map(|name| column(name).ok_or_else(|| invalid(format!("it has no {name} column"))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut records = BTreeMap::new();
    let mut outside = 0;
    for (n, row) in reader.records().enumerate() {
        let line = n + 2;
        let row = row.map_err(|_| invalid(format!("row {line} cannot be read")))?;
        let id = row.get(id_column).unwrap_or("").trim().to_ascii_uppercase();
        if ResidentId::parse(&id).is_err() {
            return Err(invalid(format!(
                "row {line}'s ID number is not a valid resident ID"
            )));
        }
        if !grid.contains(&id) {
            outside += 1;
            continue;
        }
        let mut flags = [false; 7];
        for (flag, &c) in flags.iter_mut().zip(&flag_columns) {
            *flag = match row.get(c).unwrap_or("").trim() {
                "是" | "1" => true,
                "否" | "0" | "" => false,
                _ => {
                    return Err(invalid(format!(
                        "row {line}: {} is neither 是 nor 否",
                        headers.get(c).unwrap_or("")
                    )));
                }
            };
        }
        let [
            court_enforcement,
            dishonest_debtor,
            poverty_registry,
            police_record,
            private_car,
            real_estate,
            farm_machinery,
        ] = flags;
        let record = DepartmentFlags {
            id_number: id.clone(),
            court_enforcement,
            dishonest_debtor,
            poverty_registry,
            police_record,
            private_car,
            real_estate,
            farm_machinery,
        };
        if records.insert(id, record).is_some() {
            return Err(invalid(format!("row {line} lists a person a second time")));
        }
    }
    if outside > 0 {
        return Err(invalid(format!(
            "it lists {outside} person(s) who are not in this package's roster; a package carries only its grid's records"
        )));
    }
    Ok(records)
}
