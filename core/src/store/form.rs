//! The visit form for one household: the scorecard's fields, the values saved so far and
//! what is still needed; one fact saved at a time, checked first.

use super::error::{StoreError, StoreResult};
use super::{DraftSaved, Store};
use crate::model::HouseholdId;
use crate::scoring::form::FactForm;
use crate::scoring::{Facts, PartialEvaluation, Scorecard};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitForm {
    pub form: FactForm,
    /// The latest facts (draft or final); empty before the first save.
    pub values: Facts,
    pub revision: Option<u32>,
    pub is_final: bool,
    /// Missing and invalid facts, points so far and still possible.
    pub progress: PartialEvaluation,
}

impl Store {
    /// The form, the household's saved values and the partial evaluation.
    pub fn visit_form(&self, id: &HouseholdId, card: &Scorecard) -> StoreResult<VisitForm> {
        let record = self.household(id)?;
        let values = record.facts.unwrap_or_default();
        Ok(VisitForm {
            form: card.form(),
            progress: card.evaluate_partial(&values),
            values,
            revision: record.facts_revision,
            is_final: record.facts_final,
        })
    }

    /// Checks one value against its declaration and saves it into the draft (`null`
    /// clears it). A bad value is refused with one sentence and nothing saved changes.
    pub fn set_fact(
        &mut self,
        id: &HouseholdId,
        card: &Scorecard,
        fact: &str,
        value: Value,
    ) -> StoreResult<(DraftSaved, VisitForm)> {
        card.check_value(fact, &value)
            .map_err(|e| StoreError::InvalidInput(e.to_string()))?;
        let record = self.household(id)?;
        let mut facts = record.facts.unwrap_or_default();
        if value.is_null() {
            facts.remove(fact);
        } else {
            facts.insert(fact.to_string(), value);
        }
        let saved = self.save_draft(id, &facts)?;
        Ok((saved, self.visit_form(id, card)?))
    }
}
