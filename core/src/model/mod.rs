//! The domain model of shared/spec/domain.md: places, households, members, department
//! records and the household life cycle. Plain data; storage and screens build on it.

pub mod consent;
pub mod household;
pub mod lifecycle;
pub mod receipt;

pub use consent::{
    CONSENT_TEXTS, ConsentKind, ConsentText, current_consent_text, known_consent_text,
};
pub use household::{DepartmentFlags, Household, HouseholdId, Member, Place};
pub use lifecycle::{LifecycleState, TransitionError};
pub use receipt::{ReceiptAnswer, SignedReceipt};
