//! `cunxin score`.

use crate::exit::{CmdResult, Fatal};
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct ScoreArgs {
    /// A preset name (luquan, jinxiang) or a definition file.
    #[arg(long)]
    scorecard: String,
    /// The loan prime rate in percent, the floor of the rate.
    #[arg(long)]
    lpr: Option<f64>,
    #[arg(long)]
    json: bool,
    /// A JSON array of {"household": ..., "facts": {...}}.
    facts: PathBuf,
}

impl ScoreArgs {
    pub fn run(self) -> CmdResult {
        Err(Fatal("scoring is not built yet".into()))
    }
}
