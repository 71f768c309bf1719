//! `cunxin package import`: a work package from the bank's platform (roster, scorecard,
//! the bank's keys), verified and applied to the store.

use super::handover::read_platform_key;
use super::store::{StoreArgs, store_error};
use crate::exit::{CmdResult, Outcome, print_json};
use clap::Subcommand;
use cunxin_core::package::{PackageError, import_package};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum PackageCommand {
    /// Verify a work package (platform signature, this device's encryption, the chain of
    /// packages before it) and apply it.
    Import {
        #[command(flatten)]
        store: StoreArgs,
        /// The package file (`….tar.age`).
        package: PathBuf,
        /// The signature file; default: the package file's name with `.minisig` added.
        #[arg(long)]
        signature: Option<PathBuf>,
        /// The platform's public key (`platform.pub`); default: the one in the store's settings.
        #[arg(long)]
        platform_key: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct RefusedView {
    imported: bool,
    error: String,
}

impl PackageCommand {
    pub fn run(self) -> CmdResult {
        let PackageCommand::Import {
            store,
            package,
            signature,
            platform_key,
            json,
        } = self;
        let platform_key = platform_key.as_deref().map(read_platform_key).transpose()?;
        let signature = signature.unwrap_or_else(|| {
            let mut name = package.clone().into_os_string();
            name.push(".minisig");
            PathBuf::from(name)
        });
        let mut store = store.open()?;
        match import_package(&mut store, &package, &signature, platform_key.as_ref()) {
            Ok(done) => {
                if json {
                    print_json(&done)?;
                } else {
                    let h = &done.households;
                    println!("工作包 package {} imported", done.package_id);
                    println!(
                        "  households: {} added, {} updated, {} unchanged, {} visited kept as recorded",
                        h.inserted,
                        h.updated,
                        h.unchanged,
                        h.skipped_visited.len()
                    );
                    println!(
                        "  department records: {} people changed, {} visited households marked \"records changed since your visit\"",
                        done.departments.people_changed,
                        done.departments.visited_marked.len()
                    );
                    if let Some(card) = &done.scorecard {
                        println!("  scorecard in force: {card}");
                    }
                    if let Some(n) = done.bank_recipients {
                        println!("  the bank's recipient keys: {n}");
                    }
                }
                Ok(Outcome::Clean)
            }
            Err(PackageError::Store(e)) => Err(store_error(e)),
            Err(e @ (PackageError::Io { .. } | PackageError::DeviceKey(_))) => {
                Err(crate::exit::Fatal(e.to_string()))
            }
            Err(e) => {
                eprintln!("cunxin: nothing was changed: {e}");
                if json {
                    print_json(&RefusedView {
                        imported: false,
                        error: e.to_string(),
                    })?;
                }
                Ok(Outcome::ProblemsReported)
            }
        }
    }
}
