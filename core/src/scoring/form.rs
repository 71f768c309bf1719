//! The visit form as data: the scorecard's declared facts with their type, unit, options,
//! range, whether required, and labels in zh-CN and English. The app renders the form from
//! this (never from a list of its own), checks each value as it is entered, and asks
//! [`Scorecard::evaluate_partial`] what is still needed.

use super::definition::{FactDecl, FactType, Label, Scorecard};
use super::exact::decimal_from_json;
use serde::Serialize;
use serde_json::Value;

/// One choice of an option or option-list fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormOption {
    pub code: String,
    pub label: Label,
}

/// One field of the form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormField {
    pub id: String,
    pub label: Label,
    pub fact_type: FactType,
    pub unit: Option<Label>,
    pub options: Vec<FormOption>,
    /// Inclusive range, as written in the definition (exact decimals).
    pub min: Option<String>,
    pub max: Option<String>,
    pub required: bool,
    /// What an optional fact counts as when left empty.
    pub default: Option<Value>,
}

/// The whole form of a scorecard, in the definition's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactForm {
    pub scorecard: String,
    pub version: String,
    pub name: Label,
    pub fields: Vec<FormField>,
}

/// Why one value does not fit its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ValueProblem {
    #[error("the scorecard has no fact {fact}; use a field of its form")]
    UnknownFact { fact: String },
    #[error("{fact} takes {expected}; enter it that way")]
    WrongType { fact: String, expected: String },
    #[error("{fact} takes a whole number")]
    NotWhole { fact: String },
    #[error("{fact} must be at least {min}")]
    BelowMin { fact: String, min: String },
    #[error("{fact} must be at most {max}")]
    AboveMax { fact: String, max: String },
    #[error("{option} is not a choice of {fact}; pick one of its options")]
    NotAnOption { fact: String, option: String },
}

fn expected(t: FactType) -> &'static str {
    match t {
        FactType::Number => "a number",
        FactType::Integer => "a whole number",
        FactType::Boolean => "yes or no (true/false)",
        FactType::Option => "one option code",
        FactType::OptionList => "a list of option codes",
        FactType::Levels => "an object of option code to level",
    }
}

fn field_of(d: &FactDecl) -> FormField {
    FormField {
        id: d.id.clone(),
        label: d.label.clone(),
        fact_type: d.fact_type,
        unit: d.unit.clone(),
        options: d
            .options
            .iter()
            .map(|o| FormOption {
                code: o.code.clone(),
                label: o.label.clone(),
            })
            .collect(),
        min: d.min.map(|m| m.to_string()),
        max: d.max.map(|m| m.to_string()),
        required: d.required,
        default: d.default.clone(),
    }
}

impl Scorecard {
    /// The visit form this scorecard asks for.
    pub fn form(&self) -> FactForm {
        FactForm {
            scorecard: self.id.clone(),
            version: self.version.clone(),
            name: self.name.clone(),
            fields: self.facts.iter().map(field_of).collect(),
        }
    }

    /// Checks one value as it is entered. `null` (left empty) always fits; whether a
    /// required fact is still missing is [`Scorecard::evaluate_partial`]'s answer.
    pub fn check_value(&self, fact: &str, value: &Value) -> Result<(), ValueProblem> {
        let d = self.fact(fact).ok_or_else(|| ValueProblem::UnknownFact {
            fact: fact.to_string(),
        })?;
        if value.is_null() {
            return Ok(());
        }
        let wrong = || ValueProblem::WrongType {
            fact: fact.to_string(),
            expected: expected(d.fact_type).to_string(),
        };
        let not_option = |code: &str| ValueProblem::NotAnOption {
            fact: fact.to_string(),
            option: code.to_string(),
        };
        match d.fact_type {
            FactType::Number | FactType::Integer => {
                let x = decimal_from_json(value).ok_or_else(wrong)?;
                if d.fact_type == FactType::Integer && !x.fract().is_zero() {
                    return Err(ValueProblem::NotWhole {
                        fact: fact.to_string(),
                    });
                }
                if let Some(min) = d.min.filter(|m| x < **m) {
                    return Err(ValueProblem::BelowMin {
                        fact: fact.to_string(),
                        min: min.to_string(),
                    });
                }
                if let Some(max) = d.max.filter(|m| x > **m) {
                    return Err(ValueProblem::AboveMax {
                        fact: fact.to_string(),
                        max: max.to_string(),
                    });
                }
            }
            FactType::Boolean => {
                value.as_bool().ok_or_else(wrong)?;
            }
            FactType::Option => {
                let code = value.as_str().ok_or_else(wrong)?;
                if !d.has_option(code) {
                    return Err(not_option(code));
                }
            }
            FactType::OptionList => {
                for code in value.as_array().ok_or_else(wrong)? {
                    let code = code.as_str().ok_or_else(wrong)?;
                    if !d.has_option(code) {
                        return Err(not_option(code));
                    }
                }
            }
            FactType::Levels => {
                for code in value.as_object().ok_or_else(wrong)?.keys() {
                    if !d.has_option(code) {
                        return Err(not_option(code));
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::presets::preset;
    use serde_json::json;

    #[test]
    fn the_form_carries_every_declared_fact_with_its_labels_unit_and_range() {
        let card = preset("luquan").unwrap();
        let form = card.form();
        assert_eq!(form.fields.len(), card.facts.len());
        let age = form
            .fields
            .iter()
            .find(|f| f.id == "applicant_age")
            .unwrap();
        assert_eq!(age.fact_type, FactType::Integer);
        assert_eq!(age.unit.as_ref().map(|u| u.zh.as_str()), Some("岁"));
        assert!(age.required);
        assert!(!age.label.zh.is_empty() && !age.label.en.is_empty());
        let with_options = form.fields.iter().find(|f| !f.options.is_empty()).unwrap();
        assert!(with_options.options.iter().all(|o| !o.label.en.is_empty()));
    }

    #[test]
    fn one_value_is_checked_against_its_declaration() {
        let card = preset("luquan").unwrap();
        assert_eq!(card.check_value("applicant_age", &json!(40)), Ok(()));
        assert_eq!(card.check_value("applicant_age", &json!(null)), Ok(()));
        assert!(matches!(
            card.check_value("applicant_age", &json!(40.5)),
            Err(ValueProblem::NotWhole { .. })
        ));
        assert!(matches!(
            card.check_value("applicant_age", &json!("forty")),
            Err(ValueProblem::WrongType { .. })
        ));
        assert!(matches!(
            card.check_value("no_such_fact", &json!(1)),
            Err(ValueProblem::UnknownFact { .. })
        ));
        let option = card
            .facts
            .iter()
            .find(|d| d.fact_type == FactType::Option)
            .unwrap();
        let code = &option.options[0].code;
        assert_eq!(card.check_value(&option.id, &json!(code)), Ok(()));
        assert!(matches!(
            card.check_value(&option.id, &json!("zzz")),
            Err(ValueProblem::NotAnOption { .. })
        ));
    }
}
