//! `cunxin photo normalize`.

use crate::exit::{CmdResult, Fatal};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum PhotoCommand {
    /// Orient, downscale, re-encode, thumbnail, hash and check one photo.
    Normalize {
        #[arg(long)]
        json: bool,
        input: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
}

impl PhotoCommand {
    pub fn run(self) -> CmdResult {
        Err(Fatal("the photo pipeline is not built yet".into()))
    }
}
