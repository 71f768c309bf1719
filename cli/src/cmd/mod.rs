//! One module per command group of the contract.

pub mod batch;
pub mod demo;
pub mod handover;
pub mod id;
pub mod package;
pub mod photo;
pub mod report;
pub mod review;
pub mod roster;
pub mod sample;
pub mod score;
pub mod scorecard;
pub mod search;
pub mod store;
pub mod upload;
pub mod visit;
