//! Finalizing a visit: what is still missing, as a structured list the screen shows item by
//! item (facts, photos by kind, consents, the panel's gap decision). Empty means it can be
//! finalized, and [`Store::finalize_visit`] refuses exactly when it is not empty.

use super::error::{StoreError, StoreResult};
use super::photo_views::{applicant_type_of, checklist};
use super::{ConsentKind, Store};
use crate::model::{HouseholdId, PhotoKind};
use crate::scoring::Scorecard;
use crate::scoring::reconcile::ReconcileFlag;
use serde::Serialize;

/// One thing finalizing still needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Missing {
    /// The household is not being visited (e.g. already finalized, or set aside).
    State { state: String },
    /// Required facts not given, or given but invalid, in form order.
    Facts {
        missing: Vec<String>,
        invalid: Vec<String>,
    },
    /// A required photo kind with no photo.
    Photo { kind: PhotoKind },
    /// A consent the resident has not signed.
    Consent { kind: ConsentKind },
    /// The estimate was never scored with the scorecard's facts complete.
    Estimate,
    /// The model and committee limits differ by more than 30% and no reason is recorded.
    GapReason {
        model_limit_yuan: i64,
        committee_limit_yuan: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FinalizeChecklist {
    pub household: String,
    pub missing: Vec<Missing>,
}

impl FinalizeChecklist {
    pub fn can_finalize(&self) -> bool {
        self.missing.is_empty()
    }
}

impl Store {
    /// What the household still needs before it can be finalized with `card`.
    pub fn finalize_checklist(
        &self,
        id: &HouseholdId,
        card: &Scorecard,
    ) -> StoreResult<FinalizeChecklist> {
        let record = self.household(id)?;
        let mut missing = Vec::new();
        if !record.state.is_open() {
            missing.push(Missing::State {
                state: record.state.name().to_string(),
            });
        }
        let facts = record.facts.clone().unwrap_or_default();
        let progress = card.evaluate_partial(&facts);
        if record.facts.is_none() || !progress.missing.is_empty() || !progress.invalid.is_empty() {
            missing.push(Missing::Facts {
                missing: if record.facts.is_none() {
                    card.facts
                        .iter()
                        .filter(|d| d.required)
                        .map(|d| d.id.clone())
                        .collect()
                } else {
                    progress.missing
                },
                invalid: progress.invalid,
            });
        }
        let taken: Vec<PhotoKind> = record.photos.iter().map(|p| p.meta.kind).collect();
        for row in checklist(applicant_type_of(record.facts.as_ref()), &taken) {
            if row.required && row.taken == 0 {
                missing.push(Missing::Photo { kind: row.kind });
            }
        }
        for kind in [ConsentKind::PersonalInfo, ConsentKind::CreditInquiry] {
            if !record.consents.iter().any(|c| c.input.kind == kind) {
                missing.push(Missing::Consent { kind });
            }
        }
        match self.reconciliation(id)? {
            None => missing.push(Missing::Estimate),
            Some(r) if r.flag == ReconcileFlag::NeedsReason => missing.push(Missing::GapReason {
                model_limit_yuan: r.model_limit_yuan,
                committee_limit_yuan: r.committee_limit_yuan.unwrap_or_default(),
            }),
            Some(_) => {}
        }
        Ok(FinalizeChecklist {
            household: id.0.clone(),
            missing,
        })
    }

    /// Finalizes the visit when its checklist is empty; otherwise refuses, naming the
    /// first thing missing (the checklist lists them all).
    pub fn finalize_visit(&mut self, id: &HouseholdId, card: &Scorecard) -> StoreResult<u32> {
        let list = self.finalize_checklist(id, card)?;
        if let Some(first) = list.missing.first() {
            return Err(StoreError::NotAllowed(format!(
                "the visit cannot be finalized yet: {} ({} item(s) missing in all; see the checklist)",
                describe(first),
                list.missing.len()
            )));
        }
        self.finalize(id)
    }
}

/// One sentence for a missing item (fact ids and kinds only, never personal values).
pub fn describe(missing: &Missing) -> String {
    match missing {
        Missing::State { state } => format!("the household is {state}, not being visited"),
        Missing::Facts { missing, invalid } => {
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!("facts missing: {}", missing.join(", ")));
            }
            if !invalid.is_empty() {
                parts.push(format!("facts invalid: {}", invalid.join(", ")));
            }
            parts.join("; ")
        }
        Missing::Photo { kind } => format!("no {} photo", kind.as_str()),
        Missing::Consent { kind } => format!("the {} consent is not signed", kind.as_str()),
        Missing::Estimate => "the estimate has not been scored; show the estimate first".into(),
        Missing::GapReason {
            model_limit_yuan,
            committee_limit_yuan,
        } => format!(
            "the model limit {model_limit_yuan} and the committee limit {committee_limit_yuan} yuan differ by more than 30%; record the reason and amount"
        ),
    }
}
