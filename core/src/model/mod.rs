//! The domain model of shared/spec/domain.md: places, households, members, department
//! records, the household life cycle, and the vocabulary every layer shares (photo kinds,
//! locations, sex, relation, field checks). Plain data; everything else builds on it.

pub mod checks;
pub mod consent;
pub mod household;
pub mod labels;
pub mod lifecycle;
pub mod person;
pub mod photo;
pub mod receipt;
pub mod relation;

pub use checks::{CheckState, FieldCheck, HouseholdField, MemberField};
pub use consent::{
    CONSENT_TEXTS, ConsentKind, ConsentText, current_consent_text, known_consent_text,
};
pub use household::{
    ApplicantType, DepartmentFlags, Household, HouseholdId, Member, Place, RemovedMember,
};
pub use lifecycle::{LifecycleState, TransitionError};
pub use person::Sex;
pub use photo::{GeoPoint, PhotoKind, PhotoMeta};
pub use receipt::{ANSWER_FILE_SUFFIX, ReceiptAnswer, SignedReceipt};
pub use relation::Relation;
