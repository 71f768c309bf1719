//! Scoring: declarative scorecards (two seed presets built in), explanations, committee
//! review, reconciliation of model and committee limits, village and town roll-ups, and
//! the audit of scoring runs. See shared/spec/scorecards.md.

pub mod audit;
pub mod check;
pub mod committee;
pub mod definition;
pub mod engine;
pub mod exact;
pub mod facts;
pub mod form;
pub mod items;
pub mod partial;
pub mod points;
pub mod presets;
pub mod reconcile;
pub mod result;
pub mod rollup;

pub use definition::Scorecard;
pub use engine::ScoringOptions;
pub use facts::Facts;
pub use partial::PartialEvaluation;
pub use result::ScoreResult;

#[cfg(test)]
mod tests;
