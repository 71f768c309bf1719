//! Cunxin's bank side, the reference receiver: a tus 1.0 HTTP service that takes sealed
//! batches from the field devices.

mod background;
pub mod config;
pub mod import;
pub mod intake;
pub mod keys;
pub mod private_fs;
mod server;
pub mod tus;

pub use background::BackgroundPlatform;
pub use config::Config;
pub use server::{Platform, serve};
