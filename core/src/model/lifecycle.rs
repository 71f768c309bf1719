//! The household life cycle: imported → (reviewed) → in_progress → finalized → sealed →
//! uploaded → purged, with the side states not_home, declined and ineligible.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum LifecycleState {
    Imported,
    /// The committee reviewed it; possible any time before finalization.
    Reviewed,
    /// A visit started; the draft is saved continuously.
    InProgress,
    /// Immutable; a correction is a new revision with a reason.
    Finalized,
    /// Inside a batch.
    Sealed {
        batch: String,
    },
    /// The platform's receipt is held.
    Uploaded {
        receipt: String,
    },
    /// Personal data removed from the device; the receipt stays.
    Purged,
    /// Revisit needed.
    NotHome {
        reason: String,
        /// When to come back (RFC 3339 or a date), if agreed with the neighbours or by phone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        revisit_at: Option<String>,
    },
    /// The resident refused.
    Declined {
        reason: String,
    },
    /// Fails the basic conditions.
    Ineligible {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a household that is {from} cannot become {to}")]
pub struct TransitionError {
    pub from: &'static str,
    pub to: &'static str,
}

impl LifecycleState {
    pub fn name(&self) -> &'static str {
        match self {
            LifecycleState::Imported => "imported",
            LifecycleState::Reviewed => "reviewed",
            LifecycleState::InProgress => "in_progress",
            LifecycleState::Finalized => "finalized",
            LifecycleState::Sealed { .. } => "sealed",
            LifecycleState::Uploaded { .. } => "uploaded",
            LifecycleState::Purged => "purged",
            LifecycleState::NotHome { .. } => "not_home",
            LifecycleState::Declined { .. } => "declined",
            LifecycleState::Ineligible { .. } => "ineligible",
        }
    }

    /// Still open for the visit: review, drafts and side states are possible.
    pub fn is_open(&self) -> bool {
        matches!(
            self,
            LifecycleState::Imported
                | LifecycleState::Reviewed
                | LifecycleState::InProgress
                | LifecycleState::NotHome { .. }
        )
    }

    /// Opens a finalized household again for a correction (a new revision, with a reason the
    /// caller records): e.g. the platform returned it for a missing consent. Only from
    /// `finalized`: a sealed household is in a batch, an uploaded one is the bank's.
    pub fn reopen(&self) -> Result<LifecycleState, TransitionError> {
        match self {
            LifecycleState::Finalized => Ok(LifecycleState::InProgress),
            other => Err(TransitionError {
                from: other.name(),
                to: LifecycleState::InProgress.name(),
            }),
        }
    }

    /// Moves to `next` if the life cycle allows it.
    pub fn transition(&self, next: LifecycleState) -> Result<LifecycleState, TransitionError> {
        use LifecycleState as S;
        let allowed = match (self, &next) {
            // A batch that was never uploaded can be opened again (e.g. a lost USB drive).
            (S::Sealed { .. }, S::Finalized | S::Uploaded { .. }) => true,
            (S::Finalized, S::Sealed { .. }) => true,
            (S::Uploaded { .. }, S::Purged) => true,
            (from, S::Reviewed | S::InProgress | S::NotHome { .. }) => from.is_open(),
            (from, S::Declined { .. } | S::Ineligible { .. } | S::Finalized) => from.is_open(),
            _ => false,
        };
        if allowed {
            Ok(next)
        } else {
            Err(TransitionError {
                from: self.name(),
                to: next.name(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LifecycleState as S;

    #[test]
    fn the_main_path_is_allowed() {
        let mut state = S::Imported;
        for next in [
            S::Reviewed,
            S::InProgress,
            S::NotHome {
                reason: "外出务工".into(),
                revisit_at: None,
            },
            S::InProgress,
            S::Finalized,
            S::Sealed { batch: "b1".into() },
            S::Uploaded {
                receipt: "r1".into(),
            },
            S::Purged,
        ] {
            state = state.transition(next).unwrap();
        }
        assert_eq!(state, S::Purged);
    }

    #[test]
    fn finalized_is_immutable_and_nothing_is_purged_without_a_receipt() {
        assert!(S::Finalized.transition(S::InProgress).is_err());
        // Only an explicit correction opens it again, and only before it is in a batch.
        assert_eq!(S::Finalized.reopen(), Ok(S::InProgress));
        assert!(S::Sealed { batch: "b".into() }.reopen().is_err());
        assert!(S::InProgress.reopen().is_err());
        assert!(
            S::Sealed { batch: "b".into() }
                .transition(S::Purged)
                .is_err()
        );
        assert!(S::Finalized.transition(S::Purged).is_err());
        let resealable = S::Sealed {
            batch: "lost-usb".into(),
        }
        .transition(S::Finalized);
        assert_eq!(resealable, Ok(S::Finalized));
        let e = S::Declined { reason: "x".into() }
            .transition(S::Finalized)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "a household that is declined cannot become finalized"
        );
    }
}
