//! The domain model of shared/spec/domain.md: places, households, members, department
//! records and the household life cycle. Plain data; storage and screens build on it.

pub mod household;
pub mod lifecycle;

pub use household::{DepartmentFlags, Household, HouseholdId, Member, Place};
pub use lifecycle::{LifecycleState, TransitionError};
