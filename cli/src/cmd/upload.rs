//! `cunxin upload URL`: tus upload of sealed batches.

use crate::exit::{CmdResult, Fatal};
use clap::Args;

#[derive(Args)]
pub struct UploadArgs {
    #[command(flatten)]
    store: super::store::StoreArgs,
    /// The platform's tus endpoint.
    url: String,
    #[arg(long)]
    json: bool,
}

impl UploadArgs {
    pub fn run(self) -> CmdResult {
        Err(Fatal("upload is not built yet".into()))
    }
}
