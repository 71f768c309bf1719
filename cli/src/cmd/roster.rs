//! `cunxin roster check` (intake) and `cunxin roster import` (store).

use crate::exit::{CmdResult, Fatal};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum RosterCommand {
    /// Report every problem of a roster file without loading anything.
    Check {
        #[arg(long)]
        json: bool,
        file: PathBuf,
    },
    /// Import a roster file into the store.
    Import {
        #[command(flatten)]
        store: super::store::StoreArgs,
        #[arg(long)]
        json: bool,
        file: PathBuf,
    },
}

impl RosterCommand {
    pub fn run(self) -> CmdResult {
        Err(Fatal("roster commands are not built yet".into()))
    }
}
