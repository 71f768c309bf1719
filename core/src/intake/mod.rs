//! Intake: resident IDs, members and households, roster import and its problem report, search.

pub mod divisions;
pub mod relation;
pub mod resident_id;
pub mod roster;
pub mod search;
pub mod text;
