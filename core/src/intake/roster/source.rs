//! Reading a roster file into rows of cells: CSV in UTF-8 (with or without BOM) or
//! GBK/GB18030 (what Chinese Excel writes), detected, never asked; or XLSX.

use calamine::{Data, Reader};
use std::path::Path;

/// A cell as the file holds it: XLSX keeps numbers apart from text, which is how an ID
/// number mangled by Excel is recognised.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// An Excel date, as days since 1899-12-30.
    Date(f64),
    Empty,
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
            Cell::Number(x) => format!("{x}"),
            Cell::Date(days) => excel_date(*days)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            Cell::Empty => String::new(),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Text(s) => s.trim().is_empty(),
            Cell::Empty => true,
            _ => false,
        }
    }
}

fn excel_date(days: f64) -> Option<chrono::NaiveDate> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_signed(chrono::Duration::days(days.floor() as i64))
}

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read the roster file: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "the file is not a readable XLSX workbook ({0}); save it again from Excel as .xlsx or .csv"
    )]
    Workbook(String),
    #[error("the workbook has no sheet with data")]
    NoSheet,
    #[error("the CSV file is malformed ({0}); save it again from Excel as CSV")]
    Csv(String),
}

/// The encoding a CSV was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
    Xlsx,
}

pub fn read_rows(path: &Path) -> Result<(Encoding, Vec<Vec<Cell>>), SourceError> {
    rows_from_bytes(std::fs::read(path)?)
}

/// The same from the file's bytes: an XLSX (a zip) by its signature, else CSV.
pub fn rows_from_bytes(bytes: Vec<u8>) -> Result<(Encoding, Vec<Vec<Cell>>), SourceError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes).map(|rows| (Encoding::Xlsx, rows));
    }
    let (encoding, text) = decode(&bytes);
    read_csv(&text).map(|rows| (encoding, rows))
}

/// UTF-8 when the bytes are valid UTF-8 (BOM or not), else GB18030, a superset of GBK.
pub fn decode(bytes: &[u8]) -> (Encoding, String) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            Encoding::Utf8Bom,
            String::from_utf8_lossy(rest).into_owned(),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Encoding::Utf8, text.to_string()),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (Encoding::Gb18030, text.into_owned())
        }
    }
}

fn read_csv(text: &str) -> Result<Vec<Vec<Cell>>, SourceError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| SourceError::Csv(e.to_string()))?;
            Ok(record.iter().map(|s| Cell::Text(s.to_string())).collect())
        })
        .collect()
}

fn read_xlsx(bytes: Vec<u8>) -> Result<Vec<Vec<Cell>>, SourceError> {
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| SourceError::Workbook(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(SourceError::NoSheet)?
        .map_err(|e| SourceError::Workbook(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(s) => Cell::Text(s.clone()),
                    Data::Float(x) => Cell::Number(*x),
                    Data::Int(i) => Cell::Number(*i as f64),
                    Data::Bool(b) => Cell::Text(b.to_string()),
                    Data::DateTime(dt) => Cell::Date(dt.as_f64()),
                    Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
                    Data::Error(_) | Data::Empty => Cell::Empty,
                })
                .collect()
        })
        .collect())
}
