//! `cunxin report village NAME`.

use crate::exit::{CmdResult, Fatal};
use clap::Subcommand;

#[derive(Subcommand)]
pub enum ReportCommand {
    /// The roll-up of one village.
    Village {
        #[command(flatten)]
        store: super::store::StoreArgs,
        name: String,
        #[arg(long)]
        json: bool,
    },
}

impl ReportCommand {
    pub fn run(self) -> CmdResult {
        Err(Fatal("reports are not built yet".into()))
    }
}
