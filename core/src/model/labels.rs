//! The words people read for states and kinds (`labels.tsv`): one table in zh-CN and English
//! that the CLI, the village report and the app (which loads the same file) all show, so no
//! screen or printout falls back to an enum's name.

use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The table's text; the app's design system ships the same file.
pub const LABELS_TSV: &str = include_str!("labels.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Label {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Label {
    /// Chinese first with the English after it, as the CLI and the report print labels.
    pub fn both(&self) -> String {
        format!("{} {}", self.zh, self.en)
    }
}

static TABLE: LazyLock<HashMap<&'static str, Label>> = LazyLock::new(|| {
    LABELS_TSV
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut cells = line.split('\t');
            Some((
                cells.next()?,
                Label {
                    zh: cells.next()?,
                    en: cells.next()?,
                },
            ))
        })
        .collect()
});

/// The label of `code` in the table's `group` (`reconcile`, `verdict`, `state` …).
pub fn label(group: &str, code: &str) -> Option<Label> {
    TABLE.get(format!("{group}.{code}").as_str()).copied()
}

/// The label of an enum value by its JSON name (`NeedsReason` → `reconcile.needs_reason`);
/// a value the table lacks shows its code, which a test keeps from happening.
pub fn label_of<T: Serialize>(group: &str, value: &T) -> String {
    let code = match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        // Tagged variants (a lifecycle state with its batch) serialize as {"state": …}.
        Ok(serde_json::Value::Object(map)) => map
            .get("state")
            .and_then(|v| v.as_str())
            .map(String::from)
            .unwrap_or_default(),
        _ => String::new(),
    };
    label(group, &code).map_or(code, |l| l.both())
}

/// A grade as people say it: the luquan scorecard's lowest grade is written `credit` in its
/// definition and read 信用户; letter grades read as they are written.
pub fn grade(code: &str) -> String {
    label("grade", code).map_or_else(|| code.to_string(), |l| l.both())
}

/// A per-mille share as a percentage with one decimal: 857 → "85.7%".
pub fn percent(permille: i64) -> String {
    format!("{}.{}%", permille / 10, (permille % 10).abs())
}
