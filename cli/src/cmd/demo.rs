//! `cunxin demo`: the whole field workflow on a built-in sample village.

use crate::exit::{CmdResult, Fatal};
use clap::Args;

#[derive(Args)]
pub struct DemoArgs {
    #[arg(long)]
    json: bool,
}

impl DemoArgs {
    pub fn run(self) -> CmdResult {
        Err(Fatal("the demo is not built yet".into()))
    }
}
