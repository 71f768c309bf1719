//! Store commands: `init`, `households list`, `household show`.

use crate::exit::{CmdResult, Fatal};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Where the encrypted store is and the file holding its 32-byte key.
#[derive(Args, Clone)]
pub struct StoreArgs {
    #[arg(long)]
    pub store: PathBuf,
    #[arg(long = "key-file")]
    pub key_file: PathBuf,
}

#[derive(Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum HouseholdsCommand {
    /// List the households of the store, masked.
    List {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum HouseholdCommand {
    /// Show one household.
    Show {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[arg(long)]
        json: bool,
    },
}

impl InitArgs {
    pub fn run(self) -> CmdResult {
        Err(Fatal("the store is not built yet".into()))
    }
}

impl HouseholdsCommand {
    pub fn run(self) -> CmdResult {
        Err(Fatal("the store is not built yet".into()))
    }
}

impl HouseholdCommand {
    pub fn run(self) -> CmdResult {
        Err(Fatal("the store is not built yet".into()))
    }
}
