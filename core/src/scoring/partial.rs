//! Partial evaluation for a visit form in progress: which facts are still needed, what is
//! already earned, and the most the household can still reach.

use super::definition::Scorecard;
use super::facts::{FactView, Facts, fact_problems};
use super::items::{ItemProblem, item_max, item_points};
use super::points::Tenths;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PartialEvaluation {
    /// Required facts still absent, in form order. Empty once the applicant is known to be
    /// ineligible: nothing more is needed then.
    pub missing: Vec<String>,
    /// Facts given but wrong (type, option, range or level), in form order.
    pub invalid: Vec<String>,
    /// The failed basic conditions, when the eligibility facts are in and one fails.
    pub ineligible_reasons: Vec<String>,
    /// Whether a veto item is recorded.
    pub vetoed: bool,
    /// The points of the items whose facts are all in.
    pub points_so_far: Tenths,
    /// The most the points can still reach with the open items at their best.
    pub points_possible: Tenths,
    /// Everything is in: `score` gives a full result.
    pub complete: bool,
}

impl Scorecard {
    pub fn evaluate_partial(&self, facts: &Facts) -> PartialEvaluation {
        let view = FactView::new(self, facts);
        let problems = fact_problems(view);
        let ineligible_reasons = self.failed_conditions(view).unwrap_or_default();
        let mut so_far = Tenths::ZERO;
        let mut open = Tenths::ZERO;
        let mut item_invalid = Vec::new();
        for item in &self.items {
            match item_points(item, view) {
                Ok(points) => so_far = so_far + points,
                Err(problem) => {
                    if let ItemProblem::Invalid(fact) = problem {
                        item_invalid.push(fact);
                    }
                    open = open + item_max(item, self).unwrap_or_default();
                }
            }
        }
        let invalid: Vec<String> = self
            .facts
            .iter()
            .map(|d| &d.id)
            .filter(|id| problems.invalid.contains(id) || item_invalid.contains(id))
            .cloned()
            .collect();
        let ineligible = !ineligible_reasons.is_empty();
        let missing = if ineligible {
            Vec::new()
        } else {
            problems.missing
        };
        PartialEvaluation {
            complete: !ineligible && missing.is_empty() && invalid.is_empty(),
            vetoed: !self.veto_reasons(view).is_empty(),
            points_so_far: self.clamp(so_far),
            points_possible: if ineligible {
                Tenths::ZERO
            } else {
                self.clamp(so_far + open)
            },
            missing,
            invalid,
            ineligible_reasons,
        }
    }
}
