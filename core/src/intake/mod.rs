//! Intake: resident IDs, members and households, roster import and its problem report, search.

pub mod resident_id;
