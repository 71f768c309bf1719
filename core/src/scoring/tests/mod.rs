//! The presets reproduce shared/spec/scorecards.md exactly: every band edge is pinned here.

mod definitions;
mod jinxiang;
mod luquan;
mod partial_and_audit;
mod properties;
mod support;
