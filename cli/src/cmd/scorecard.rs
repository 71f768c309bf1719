//! `cunxin scorecard show` and `cunxin scorecard check`.

use crate::exit::{CmdResult, Fatal};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ScorecardCommand {
    /// Print a preset's full definition in the file format a bank edits.
    Show { name: String },
    /// Check a definition file and report every problem.
    Check {
        #[arg(long)]
        json: bool,
        file: PathBuf,
    },
}

impl ScorecardCommand {
    pub fn run(self) -> CmdResult {
        Err(Fatal("scorecards are not built yet".into()))
    }
}
