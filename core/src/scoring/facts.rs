//! Reading a household's facts against the scorecard's declarations.

use super::definition::{FactDecl, FactType, Scorecard};
use super::points::Fixed;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Facts are a JSON object: fact id → value.
pub type Facts = Map<String, Value>;

/// The declared facts that are absent or not of their declared type, by id.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FactProblems {
    pub missing: BTreeSet<String>,
    pub invalid: BTreeSet<String>,
}

impl FactProblems {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.invalid.is_empty()
    }
}

/// Checks every present declared fact against its type, options and range.
pub fn invalid_facts(card: &Scorecard, facts: &Facts) -> BTreeSet<String> {
    card.facts
        .iter()
        .filter(|decl| {
            facts
                .get(&decl.id)
                .is_some_and(|v| !v.is_null() && !is_valid(decl, v))
        })
        .map(|decl| decl.id.clone())
        .collect()
}

fn is_valid(decl: &FactDecl, value: &Value) -> bool {
    let in_range = |x: f64| decl.min.is_none_or(|m| x >= m) && decl.max.is_none_or(|m| x <= m);
    let known = |code: &str| decl.options.iter().any(|o| o.code == code);
    match decl.fact_type {
        FactType::Number => value.as_f64().is_some_and(in_range),
        FactType::Integer => value
            .as_f64()
            .is_some_and(|x| x.fract() == 0.0 && in_range(x)),
        FactType::Boolean => value.is_boolean(),
        FactType::Option => value.as_str().is_some_and(known),
        FactType::OptionList => value
            .as_array()
            .is_some_and(|codes| codes.iter().all(|c| c.as_str().is_some_and(known))),
        FactType::Levels => value
            .as_object()
            .is_some_and(|levels| levels.keys().all(|code| known(code))),
    }
}

/// Whether a fact is present (null counts as absent).
pub fn present(facts: &Facts, id: &str) -> bool {
    facts.get(id).is_some_and(|v| !v.is_null())
}

pub fn number(facts: &Facts, id: &str) -> Option<f64> {
    facts.get(id).and_then(Value::as_f64)
}

pub fn fixed(facts: &Facts, id: &str) -> Option<Fixed> {
    number(facts, id).map(Fixed::from_f64)
}

pub fn boolean(facts: &Facts, id: &str) -> Option<bool> {
    facts.get(id).and_then(Value::as_bool)
}

pub fn code<'a>(facts: &'a Facts, id: &str) -> Option<&'a str> {
    facts.get(id).and_then(Value::as_str)
}

/// The distinct codes of an option-list fact (a code listed twice counts once).
pub fn codes<'a>(facts: &'a Facts, id: &str) -> BTreeSet<&'a str> {
    facts
        .get(id)
        .and_then(Value::as_array)
        .map(|codes| codes.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}
