//! The data-problem report (问题一览表): one line per problem, with row, column, code and a
//! one-sentence message in Chinese and English. Messages never repeat personal data.

use super::columns::Column;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The row is unusable.
    Error,
    /// Suspicious but usable.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based data row, header excluded.
    pub row: usize,
    pub column: Option<&'static str>,
    pub code: &'static str,
    pub message: String,
    #[serde(skip)]
    pub severity: Severity,
}

impl Problem {
    pub fn new(
        severity: Severity,
        row: usize,
        column: Option<Column>,
        code: &'static str,
        zh: &str,
        en: &str,
    ) -> Self {
        Problem {
            row,
            column: column.map(Column::header),
            code,
            message: format!("{zh} / {en}"),
            severity,
        }
    }
}
