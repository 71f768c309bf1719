//! uniffi bindings over `cunxin-core`: thin wrappers, coarse calls (one per user action),
//! photos passed as file paths, errors mapped to [`CunxinError`].

uniffi::setup_scaffolding!();

pub mod branch;
pub mod capture;
pub mod error;
pub mod facts;
pub mod handover;
pub mod households;
pub mod intake;
pub mod scoring;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod visit;
pub mod visit_views;

pub use error::CunxinError;
