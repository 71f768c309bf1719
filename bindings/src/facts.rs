//! Facts cross as typed values instead of JSON text: the form's values as the app holds them.

use crate::error::{ApiResult, CunxinError};
use cunxin_core::scoring::Facts;
use serde_json::{Number, Value};
use std::collections::HashMap;

/// One value of the facts form.
#[derive(uniffi::Enum, Debug, Clone, PartialEq)]
pub enum FactValue {
    Number {
        value: f64,
    },
    Integer {
        value: i64,
    },
    Bool {
        value: bool,
    },
    Choice {
        code: String,
    },
    Choices {
        codes: Vec<String>,
    },
    /// For `levels` facts: option code → level (a code, `true`, or a number as text).
    Levels {
        levels: HashMap<String, String>,
    },
}

pub(crate) fn to_facts(values: HashMap<String, FactValue>) -> ApiResult<Facts> {
    values
        .into_iter()
        .map(|(id, v)| Ok((id, to_json(v)?)))
        .collect()
}

pub(crate) fn to_json(value: FactValue) -> ApiResult<Value> {
    Ok(match value {
        FactValue::Number { value } => {
            Value::Number(Number::from_f64(value).ok_or_else(|| {
                CunxinError::invalid("a number in the form is not a finite number")
            })?)
        }
        FactValue::Integer { value } => Value::from(value),
        FactValue::Bool { value } => Value::Bool(value),
        FactValue::Choice { code } => Value::String(code),
        FactValue::Choices { codes } => Value::from(codes),
        FactValue::Levels { levels } => Value::Object(
            levels
                .into_iter()
                .map(|(code, level)| (code, level_value(level)))
                .collect(),
        ),
    })
}

/// A level as the scorecard reads it: `true`, a number, or a level code.
fn level_value(level: String) -> Value {
    if level == "true" {
        return Value::Bool(true);
    }
    match level.parse::<f64>().ok().and_then(Number::from_f64) {
        Some(n) => Value::Number(n),
        None => Value::String(level),
    }
}

/// Facts as the store holds them, for the form; values the form cannot show are left out.
pub(crate) fn from_facts(facts: Facts) -> HashMap<String, FactValue> {
    facts
        .into_iter()
        .filter_map(|(id, v)| from_json(v).map(|v| (id, v)))
        .collect()
}

pub(crate) fn from_json(value: Value) -> Option<FactValue> {
    Some(match value {
        Value::Bool(value) => FactValue::Bool { value },
        Value::Number(n) => match n.as_i64() {
            Some(value) => FactValue::Integer { value },
            None => FactValue::Number { value: n.as_f64()? },
        },
        Value::String(code) => FactValue::Choice { code },
        Value::Array(items) => FactValue::Choices {
            codes: items
                .into_iter()
                .filter_map(|i| i.as_str().map(String::from))
                .collect(),
        },
        Value::Object(levels) => FactValue::Levels {
            levels: levels
                .into_iter()
                .map(|(code, level)| {
                    let text = match level {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (code, text)
                })
                .collect(),
        },
        Value::Null => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cross_both_ways() {
        let values = HashMap::from([
            ("income".to_string(), FactValue::Integer { value: 90_000 }),
            ("ratio".to_string(), FactValue::Number { value: 0.25 }),
            ("insured".to_string(), FactValue::Bool { value: true }),
            (
                "education".to_string(),
                FactValue::Choice {
                    code: "college".into(),
                },
            ),
            (
                "honours".to_string(),
                FactValue::Levels {
                    levels: HashMap::from([
                        ("model_worker".to_string(), "true".to_string()),
                        ("village".to_string(), "county".to_string()),
                    ]),
                },
            ),
        ]);
        let facts = to_facts(values.clone()).unwrap();
        assert_eq!(facts["honours"]["model_worker"], Value::Bool(true));
        assert_eq!(from_facts(facts), values);
    }
}
