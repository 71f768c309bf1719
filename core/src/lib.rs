//! Cunxin core: all of the field app's logic, with no FFI and no platform code.
//!
//! Each module owns one part of the product; the `uniffi` feature only adds derives
//! that the bindings crate needs.

pub mod batch;
pub mod capture;
pub mod error;
pub mod fsutil;
pub mod intake;
pub mod model;
pub mod package;
pub mod photo;
pub mod privacy;
pub mod scoring;
pub mod settings;
pub mod store;
pub mod upload;

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();
