//! The scorecard definition file: what a bank's analyst reads and edits (TOML, or the same
//! structure as JSON). The engine knows nothing about any particular scorecard; everything
//! is declared here. Numbers are kept exactly as written (see `exact`).

use super::exact::Exact;
use super::points::Tenths;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A label in Chinese and English.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Label {
    pub zh: String,
    pub en: String,
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.zh, self.en)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scorecard {
    pub id: String,
    pub version: String,
    pub name: Label,
    /// Points never exceed this (and never go below zero).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<Tenths>,
    pub credit_household: CreditHouseholdRule,
    pub facts: Vec<FactDecl>,
    #[serde(default)]
    pub eligibility: Vec<Condition>,
    #[serde(default)]
    pub vetoes: Vec<VetoRule>,
    pub items: Vec<Item>,
    #[serde(default)]
    pub grades: Vec<GradeBand>,
    pub limit: LimitRule,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_limit: Option<InitialLimitRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<RateRule>,
}

/// Who counts as a credit household (信用户).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditHouseholdRule {
    /// Whoever reaches a grade band.
    Graded,
    /// Whoever is eligible, not vetoed and has a limit above zero.
    PositiveLimit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FactType {
    Number,
    Integer,
    Boolean,
    /// One code of `options`.
    Option,
    /// An array of codes of `options`.
    OptionList,
    /// An object code → level (a string), `true`, or a number, checked by a `levels` item.
    Levels,
}

impl FactType {
    /// The type's name as the definition file and the app's form write it.
    pub fn name(self) -> &'static str {
        match self {
            FactType::Number => "number",
            FactType::Integer => "integer",
            FactType::Boolean => "boolean",
            FactType::Option => "option",
            FactType::OptionList => "option_list",
            FactType::Levels => "levels",
        }
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, FactType::Number | FactType::Integer)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OptionDecl {
    pub code: String,
    pub label: Label,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDecl {
    pub id: String,
    pub label: Label,
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// The unit the form shows beside a number (岁, 元, 亩 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Label>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionDecl>,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Exact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Exact>,
    /// The value an optional fact takes when left empty (e.g. 0, [] or {} for "none").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
}

fn yes() -> bool {
    true
}

impl FactDecl {
    pub fn option_label(&self, code: &str) -> Option<&Label> {
        self.options
            .iter()
            .find(|o| o.code == code)
            .map(|o| &o.label)
    }

    pub fn has_option(&self, code: &str) -> bool {
        self.options.iter().any(|o| o.code == code)
    }
}

/// An eligibility condition: a number within [min, max], or a boolean/code equal to `equals`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub fact: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Exact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Exact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<serde_json::Value>,
    pub reason: Label,
}

/// Any listed code in an `option_list` fact vetoes the application (limit 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VetoRule {
    pub fact: String,
}

/// An inclusive band `min ≤ x ≤ max`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub min: Exact,
    pub max: Exact,
    pub points: Tenths,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AtLeast {
    pub min: Exact,
    pub points: Tenths,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Below {
    pub max: Exact,
    pub points: Tenths,
}

/// One entry of a `levels` item: points by level, a single value for `true`, or a number
/// the panel sets within [min, max] (taken as points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum LevelEntry {
    Levels(BTreeMap<String, Tenths>),
    Flag(Tenths),
    Number { min: Tenths, max: Tenths },
}

/// A point item. Every item names the facts it reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Item {
    /// Fixed points for every eligible applicant (e.g. Jinxiang's 30 base points).
    Constant {
        id: String,
        label: Label,
        points: Tenths,
    },
    /// Points by option code.
    Options {
        id: String,
        label: Label,
        fact: String,
        points: BTreeMap<String, Tenths>,
    },
    /// Points for a number inside an inclusive range; outside all ranges, zero.
    Ranges {
        id: String,
        label: Label,
        fact: String,
        ranges: Vec<Range>,
    },
    /// Points for the first threshold reached, of `fact` (or `fact / per`), largest first.
    Thresholds {
        id: String,
        label: Label,
        fact: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per: Option<String>,
        at_least: Vec<AtLeast>,
        otherwise: Tenths,
    },
    /// Points for the first band the ratio stays below, smallest first; fixed points when
    /// the numerator is zero ("no liabilities") or the denominator is zero while the
    /// numerator is not ("assets 0 with liabilities").
    Ratio {
        id: String,
        label: Label,
        numerator: String,
        denominator: String,
        when_numerator_zero: Tenths,
        when_denominator_zero: Tenths,
        below: Vec<Below>,
        otherwise: Tenths,
    },
    /// Points when a boolean fact is true.
    Flag {
        id: String,
        label: Label,
        fact: String,
        points: Tenths,
    },
    /// Points per counted unit, capped (a negative cap for deductions).
    Count {
        id: String,
        label: Label,
        fact: String,
        points_each: Tenths,
        cap: Tenths,
    },
    /// Sum over an object code → level / true / number.
    Levels {
        id: String,
        label: Label,
        fact: String,
        entries: BTreeMap<String, LevelEntry>,
    },
    /// Sum of the points of the listed codes (each code counts once).
    CodeList {
        id: String,
        label: Label,
        fact: String,
        points: BTreeMap<String, Tenths>,
    },
    /// A number fact taken as points, times `factor` (-1 for a deduction).
    Number {
        id: String,
        label: Label,
        fact: String,
        factor: i64,
    },
}

impl Item {
    pub fn id(&self) -> &str {
        match self {
            Item::Constant { id, .. }
            | Item::Options { id, .. }
            | Item::Ranges { id, .. }
            | Item::Thresholds { id, .. }
            | Item::Ratio { id, .. }
            | Item::Flag { id, .. }
            | Item::Count { id, .. }
            | Item::Levels { id, .. }
            | Item::CodeList { id, .. }
            | Item::Number { id, .. } => id,
        }
    }

    pub fn label(&self) -> &Label {
        match self {
            Item::Constant { label, .. }
            | Item::Options { label, .. }
            | Item::Ranges { label, .. }
            | Item::Thresholds { label, .. }
            | Item::Ratio { label, .. }
            | Item::Flag { label, .. }
            | Item::Count { label, .. }
            | Item::Levels { label, .. }
            | Item::CodeList { label, .. }
            | Item::Number { label, .. } => label,
        }
    }

    /// The item's kind as the definition file writes it.
    pub fn kind(&self) -> &'static str {
        match self {
            Item::Constant { .. } => "constant",
            Item::Options { .. } => "options",
            Item::Ranges { .. } => "ranges",
            Item::Thresholds { .. } => "thresholds",
            Item::Ratio { .. } => "ratio",
            Item::Flag { .. } => "flag",
            Item::Count { .. } => "count",
            Item::Levels { .. } => "levels",
            Item::CodeList { .. } => "code_list",
            Item::Number { .. } => "number",
        }
    }

    /// The facts this item reads.
    pub fn facts(&self) -> Vec<&str> {
        match self {
            Item::Constant { .. } => vec![],
            Item::Thresholds { fact, per, .. } => std::iter::once(fact.as_str())
                .chain(per.as_deref())
                .collect(),
            Item::Ratio {
                numerator,
                denominator,
                ..
            } => vec![numerator, denominator],
            Item::Options { fact, .. }
            | Item::Ranges { fact, .. }
            | Item::Flag { fact, .. }
            | Item::Count { fact, .. }
            | Item::Levels { fact, .. }
            | Item::CodeList { fact, .. }
            | Item::Number { fact, .. } => vec![fact],
        }
    }
}

/// A grade for points in [min, below), optionally only when a fact has (or lacks) a code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    pub grade: String,
    pub min: Tenths,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<Tenths>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    pub fact: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_equals: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitRule {
    /// Limit in yuan by grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_grade: Option<BTreeMap<String, i64>>,
    /// Yuan per whole point (tenths of a point count pro rata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_point_yuan: Option<i64>,
    /// The scorecard's cap, which always holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_yuan: Option<i64>,
}

/// The experience limit before committee review, capped by applicant type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitialLimitRule {
    pub fact: String,
    pub caps: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateRule {
    /// Percent per year by grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_grade: Option<BTreeMap<String, Exact>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stepped: Option<SteppedRate>,
    /// Never below the loan prime rate.
    #[serde(default)]
    pub floor_at_lpr: bool,
    /// The LPR used when the bank gives none for the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_lpr: Option<Exact>,
}

/// `start − step_down × ⌊(points − from_points) / every_points⌋`, never above `start`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SteppedRate {
    pub start: Exact,
    pub step_down: Exact,
    pub every_points: Tenths,
    pub from_points: Tenths,
}

impl Scorecard {
    /// Parses a definition: JSON when the text starts with `{`, TOML otherwise. Structural
    /// problems only, in one sentence with the line; see `check` for the rest.
    pub fn parse(text: &str) -> Result<Scorecard, String> {
        if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| {
                format!(
                    "line {}: {}",
                    e.line(),
                    without_quoted_input(
                        e.to_string().split(" at line").next().unwrap_or_default()
                    )
                )
            })
        } else {
            Self::from_toml(text)
        }
    }

    pub fn from_toml(text: &str) -> Result<Scorecard, String> {
        toml::from_str(text).map_err(|e| {
            let message = without_quoted_input(e.message().trim());
            match e.span() {
                Some(span) => {
                    let before = &text.as_bytes()[..span.start.min(text.len())];
                    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
                    format!("line {line}: {message}")
                }
                None => message,
            }
        })
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn fact(&self, id: &str) -> Option<&FactDecl> {
        self.facts.iter().find(|f| f.id == id)
    }
}

/// A parser's message without the text it quotes from the file (a definition may be a copy
/// with anything pasted in, names included): `invalid type: string "王长明", expected i64`
/// becomes `invalid type: string, expected i64`. What follows "expected" names the format,
/// not the file, and stays; the line number says where to look.
pub(crate) fn without_quoted_input(message: &str) -> String {
    let (from_input, expected) = match message.find(", expected") {
        Some(at) => message.split_at(at),
        None => (message, ""),
    };
    if from_input.starts_with("missing field") {
        return message.to_string();
    }
    let mut kept = String::new();
    let mut quote = None;
    for c in from_input.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '`' || c == '"' => {
                quote = Some(c);
                kept.truncate(kept.trim_end().len());
            }
            None => kept.push(c),
        }
    }
    format!("{}{expected}", kept.trim_end())
}
