//! Reconciling the model limit (scorecard) with the committee limit (seed 003).

use serde::{Deserialize, Serialize};

/// Gaps above 3/10 of the larger limit need a written reason.
const GAP_NUMERATOR: i64 = 3;
const GAP_DENOMINATOR: i64 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ReconcileFlag {
    /// No committee limit: the model limit is proposed.
    NoReview,
    /// The gap is small: the lower limit is proposed.
    Agreed,
    /// The gap is large and no reason is recorded yet: the lower limit stands until one is.
    NeedsReason,
    /// The gap is large and the grid manager recorded a reason and an amount.
    Reasoned,
}

/// The grid manager's written reason and chosen amount for a large gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GapDecision {
    pub reason: String,
    pub amount_yuan: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Reconciliation {
    pub model_limit_yuan: i64,
    pub committee_limit_yuan: Option<i64>,
    pub proposed_limit_yuan: i64,
    pub flag: ReconcileFlag,
    /// The gap in per mille of the larger limit, for display.
    pub gap_permille: Option<i64>,
    /// The grid manager's written reason, when the flag is `reasoned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The amount the grid manager chose, before the cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen_limit_yuan: Option<i64>,
    /// The scorecard's cap that held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_yuan: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReconcileError {
    #[error("the chosen amount {amount} must lie between the two limits, {low} and {high} yuan")]
    AmountOutOfRange { amount: i64, low: i64, high: i64 },
    #[error(
        "a large gap between the limits needs a written reason; write one before choosing an amount"
    )]
    EmptyReason,
    #[error("a limit cannot be negative; give the model and committee limits in yuan, 0 or more")]
    NegativeLimit,
}

/// Reconciles M and C; `cap` is the scorecard's cap, which always holds.
pub fn reconcile(
    model: i64,
    committee: Option<i64>,
    decision: Option<&GapDecision>,
    cap: Option<i64>,
) -> Result<Reconciliation, ReconcileError> {
    if model < 0 || committee.is_some_and(|c| c < 0) {
        return Err(ReconcileError::NegativeLimit);
    }
    let capped = |x: i64| cap.map_or(x, |c| x.min(c));
    let Some(c) = committee else {
        return Ok(Reconciliation {
            model_limit_yuan: model,
            committee_limit_yuan: None,
            proposed_limit_yuan: capped(model),
            flag: ReconcileFlag::NoReview,
            gap_permille: None,
            reason: None,
            chosen_limit_yuan: None,
            cap_yuan: cap,
        });
    };
    let (low, high) = (model.min(c), model.max(c));
    let gap = high - low;
    let gap_permille = if high == 0 { 0 } else { gap * 1000 / high };
    let large = gap * GAP_DENOMINATOR > GAP_NUMERATOR * high;
    let (proposed, flag) = match (large, decision) {
        (false, _) => (low, ReconcileFlag::Agreed),
        (true, None) => (low, ReconcileFlag::NeedsReason),
        (true, Some(d)) => {
            if d.reason.trim().is_empty() {
                return Err(ReconcileError::EmptyReason);
            }
            if d.amount_yuan < low || d.amount_yuan > high {
                return Err(ReconcileError::AmountOutOfRange {
                    amount: d.amount_yuan,
                    low,
                    high,
                });
            }
            (d.amount_yuan, ReconcileFlag::Reasoned)
        }
    };
    Ok(Reconciliation {
        model_limit_yuan: model,
        committee_limit_yuan: Some(c),
        proposed_limit_yuan: capped(proposed),
        reason: (flag == ReconcileFlag::Reasoned)
            .then(|| decision.map(|d| d.reason.trim().to_string()))
            .flatten(),
        chosen_limit_yuan: (flag == ReconcileFlag::Reasoned)
            .then(|| decision.map(|d| d.amount_yuan))
            .flatten(),
        flag,
        gap_permille: Some(gap_permille),
        cap_yuan: cap,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_committee_limit_proposes_the_model() {
        let r = reconcile(30_000, None, None, Some(100_000)).unwrap();
        assert_eq!(
            (r.proposed_limit_yuan, r.flag),
            (30_000, ReconcileFlag::NoReview)
        );
    }

    #[test]
    fn gap_of_exactly_thirty_percent_is_agreed() {
        let r = reconcile(100_000, Some(70_000), None, None).unwrap();
        assert_eq!(
            (r.proposed_limit_yuan, r.flag),
            (70_000, ReconcileFlag::Agreed)
        );
        let r = reconcile(100_000, Some(69_999), None, None).unwrap();
        assert_eq!(
            (r.proposed_limit_yuan, r.flag),
            (69_999, ReconcileFlag::NeedsReason)
        );
    }

    #[test]
    fn both_zero_is_no_gap() {
        let r = reconcile(0, Some(0), None, None).unwrap();
        assert_eq!(
            (r.proposed_limit_yuan, r.flag, r.gap_permille),
            (0, ReconcileFlag::Agreed, Some(0))
        );
    }

    #[test]
    fn a_reason_and_an_amount_between_the_limits_settle_a_large_gap() {
        let decision = GapDecision {
            reason: "新建大棚收入可期".into(),
            amount_yuan: 40_000,
        };
        let r = reconcile(50_000, Some(10_000), Some(&decision), None).unwrap();
        assert_eq!(
            (r.proposed_limit_yuan, r.flag),
            (40_000, ReconcileFlag::Reasoned)
        );
        let outside = GapDecision {
            reason: "x".into(),
            amount_yuan: 60_000,
        };
        assert!(matches!(
            reconcile(50_000, Some(10_000), Some(&outside), None),
            Err(ReconcileError::AmountOutOfRange { .. })
        ));
        let empty = GapDecision {
            reason: " ".into(),
            amount_yuan: 20_000,
        };
        assert_eq!(
            reconcile(50_000, Some(10_000), Some(&empty), None),
            Err(ReconcileError::EmptyReason)
        );
    }

    #[test]
    fn negative_limits_are_refused() {
        assert_eq!(
            reconcile(-1, Some(10_000), None, None),
            Err(ReconcileError::NegativeLimit)
        );
        assert_eq!(
            reconcile(10_000, Some(-5), None, None),
            Err(ReconcileError::NegativeLimit)
        );
    }

    #[test]
    fn the_cap_always_holds() {
        let decision = GapDecision {
            reason: "panel knows the orchard".into(),
            amount_yuan: 150_000,
        };
        let r = reconcile(100_000, Some(200_000), Some(&decision), Some(100_000)).unwrap();
        assert_eq!(r.proposed_limit_yuan, 100_000);
        let r = reconcile(150_000, None, None, Some(100_000)).unwrap();
        assert_eq!(
            (r.proposed_limit_yuan, r.flag),
            (100_000, ReconcileFlag::NoReview)
        );
        let r = reconcile(120_000, Some(110_000), None, Some(100_000)).unwrap();
        assert_eq!(
            (r.proposed_limit_yuan, r.flag),
            (100_000, ReconcileFlag::Agreed)
        );
    }
}
