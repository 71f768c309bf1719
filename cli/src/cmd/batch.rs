//! `cunxin batch open` (bank side), `batch seal` and `batch export` (store side).

use crate::exit::{CmdResult, Fatal};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum BatchCommand {
    /// Verify, decrypt, check and unpack a sealed batch (the bank's side).
    Open {
        batch: PathBuf,
        #[arg(long)]
        identity: PathBuf,
        #[arg(long)]
        signer: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Seal the finalized households of a store into a batch.
    Seal {
        #[command(flatten)]
        store: super::store::StoreArgs,
        #[arg(long)]
        json: bool,
    },
    /// Write sealed batches to a directory on removable media.
    Export {
        #[command(flatten)]
        store: super::store::StoreArgs,
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

impl BatchCommand {
    pub fn run(self) -> CmdResult {
        Err(Fatal("batches are not built yet".into()))
    }
}
