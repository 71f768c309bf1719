//! Reading a household's facts against the scorecard's declarations.

use super::definition::{FactDecl, FactType, Scorecard};
use super::exact::{Decimal, decimal_from_json};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Facts are a JSON object: fact id → value.
pub type Facts = Map<String, Value>;

/// A household's facts as the scorecard sees them: a fact left empty (absent or null) takes
/// its declared default, if any.
#[derive(Clone, Copy)]
pub struct FactView<'a> {
    pub card: &'a Scorecard,
    pub facts: &'a Facts,
}

impl<'a> FactView<'a> {
    pub fn new(card: &'a Scorecard, facts: &'a Facts) -> Self {
        FactView { card, facts }
    }

    /// The value of a fact, its default when left empty, or None.
    pub fn get(&self, id: &str) -> Option<&'a Value> {
        match self.facts.get(id) {
            Some(v) if !v.is_null() => Some(v),
            _ => self.card.fact(id).and_then(|d| d.default.as_ref()),
        }
    }

    /// Whether the household gave the fact itself (not a default).
    pub fn given(&self, id: &str) -> bool {
        self.facts.get(id).is_some_and(|v| !v.is_null())
    }

    pub fn decimal(&self, id: &str) -> Option<Decimal> {
        self.get(id).and_then(decimal_from_json)
    }

    pub fn boolean(&self, id: &str) -> Option<bool> {
        self.get(id).and_then(Value::as_bool)
    }

    pub fn code(&self, id: &str) -> Option<&'a str> {
        self.get(id).and_then(Value::as_str)
    }

    /// The distinct codes of an option-list fact (a code listed twice counts once).
    pub fn codes(&self, id: &str) -> BTreeSet<&'a str> {
        self.get(id)
            .and_then(Value::as_array)
            .map(|codes| codes.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }
}

/// The declared facts that are absent (required ones only) or not of their declared type.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FactProblems {
    pub missing: Vec<String>,
    pub invalid: Vec<String>,
}

impl FactProblems {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.invalid.is_empty()
    }
}

/// Checks every declared fact, in declaration order.
pub fn fact_problems(view: FactView) -> FactProblems {
    let mut problems = FactProblems::default();
    for decl in &view.card.facts {
        match view.get(&decl.id) {
            None if decl.required => problems.missing.push(decl.id.clone()),
            None => {}
            Some(value) if !value_fits(decl, value) => problems.invalid.push(decl.id.clone()),
            Some(_) => {}
        }
    }
    problems
}

/// Whether a value has the fact's declared type, one of its options, and lies in its range.
pub fn value_fits(decl: &FactDecl, value: &Value) -> bool {
    let in_range =
        |x: Decimal| decl.min.is_none_or(|m| x >= *m) && decl.max.is_none_or(|m| x <= *m);
    match decl.fact_type {
        FactType::Number => decimal_from_json(value).is_some_and(in_range),
        FactType::Integer => {
            decimal_from_json(value).is_some_and(|x| x.fract().is_zero() && in_range(x))
        }
        FactType::Boolean => value.is_boolean(),
        FactType::Option => value.as_str().is_some_and(|c| decl.has_option(c)),
        FactType::OptionList => value.as_array().is_some_and(|codes| {
            codes
                .iter()
                .all(|c| c.as_str().is_some_and(|c| decl.has_option(c)))
        }),
        // The levels themselves are checked by the item that reads the fact.
        FactType::Levels => value
            .as_object()
            .is_some_and(|levels| levels.keys().all(|code| decl.has_option(code))),
    }
}
