//! Store commands: `init`, `households list`, `household show`, and the store side of
//! `roster import` ([`roster_import`], called from `roster.rs`).
//!
//! `--key-file` holds the store's key: exactly 32 raw bytes, or 64 hexadecimal characters
//! (a trailing newline is fine). `cunxin init` writes a new random key there, readable by
//! the owner only (0600), when the file does not exist yet. Keep it apart from the store:
//! whoever has both can read everything.

mod import;
mod view;

pub use import::roster_import;

use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::{Args, Subcommand};
use cunxin_core::model::{HouseholdId, LifecycleState};
use cunxin_core::store::{HouseholdSummary, Store, StoreError, StoreKey, masked_household};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Where the encrypted store is and the file holding its 32-byte key.
#[derive(Args, Clone)]
pub struct StoreArgs {
    /// The store's directory.
    #[arg(long)]
    pub store: PathBuf,
    /// The key file: 32 raw bytes or 64 hex characters.
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
    /// Show one household (names, ID numbers, phones masked unless --reveal).
    Show {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[arg(long)]
        json: bool,
        /// Show names, ID numbers, phones, address and facts in full.
        #[arg(long)]
        reveal: bool,
    },
    /// Open a finalized household again for a correction (e.g. the platform returned it);
    /// finalize it again when corrected.
    Reopen {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        /// Why it is corrected (kept in the audit trail).
        #[arg(long)]
        reason: String,
    },
    #[command(flatten)]
    Visit(crate::cmd::visit::VisitCommand),
}

/// A store error as the command's one sentence (exit 2).
pub fn store_error(e: StoreError) -> Fatal {
    Fatal(e.to_string())
}

impl StoreArgs {
    /// Reads the key file.
    pub fn key(&self) -> Result<StoreKey, Fatal> {
        let content = std::fs::read(&self.key_file).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Fatal(format!(
                "there is no key file at {}; give the store's key file, or create a store with `cunxin init`",
                self.key_file.display()
            )),
            _ => Fatal(format!("could not read the key file {}: {e}", self.key_file.display())),
        })?;
        StoreKey::from_key_file(content)
            .map_err(|e| Fatal(format!("{}: {e}", self.key_file.display())))
    }

    /// Opens the store (for every store command, including other groups').
    pub fn open(&self) -> Result<Store, Fatal> {
        Store::open(&self.store, &self.key()?).map_err(store_error)
    }
}

/// Writes a new random key as 64 hex characters, owner-only, never over an existing file.
fn write_new_key(path: &Path) -> Result<StoreKey, Fatal> {
    use std::io::Write;
    let key = StoreKey::generate().map_err(store_error)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(path).and_then(|mut f| {
        f.write_all(key.to_hex().as_bytes())?;
        f.write_all(b"\n")?;
        f.sync_all()
    });
    written.map_err(|e| {
        Fatal(format!(
            "could not write the key file {}: {e}",
            path.display()
        ))
    })?;
    Ok(key)
}

#[derive(Serialize)]
struct InitReport {
    store: String,
    key_file: String,
    key_created: bool,
    schema_version: u32,
}

impl InitArgs {
    pub fn run(self) -> CmdResult {
        let args = &self.store;
        let key_created = !args.key_file.exists();
        let key = if key_created {
            if args.store.join("cunxin.db").exists() {
                return Err(Fatal(format!(
                    "a store already exists at {} and the key file {} is missing; give the store's key file",
                    args.store.display(),
                    args.key_file.display()
                )));
            }
            write_new_key(&args.key_file)?
        } else {
            args.key()?
        };
        let store = Store::create(&args.store, &key).map_err(store_error)?;
        let report = InitReport {
            store: args.store.display().to_string(),
            key_file: args.key_file.display().to_string(),
            key_created,
            schema_version: store.schema_version().map_err(store_error)?,
        };
        if self.json {
            print_json(&report)?;
        } else {
            println!("已创建加密库 store created: {}", report.store);
            if key_created {
                println!(
                    "新密钥 new key written to {} (keep it apart from the store)",
                    report.key_file
                );
            }
        }
        Ok(Outcome::Clean)
    }
}

pub(crate) fn state_label(state: &LifecycleState) -> &'static str {
    match state {
        LifecycleState::Imported => "已导入",
        LifecycleState::Reviewed => "已评议",
        LifecycleState::InProgress => "走访中",
        LifecycleState::Finalized => "已完成",
        LifecycleState::Sealed { .. } => "已封包",
        LifecycleState::Uploaded { .. } => "已上传",
        LifecycleState::Purged => "已清除",
        LifecycleState::NotHome { .. } => "未遇",
        LifecycleState::Declined { .. } => "拒绝",
        LifecycleState::Ineligible { .. } => "不符合",
    }
}

fn print_list(list: &[HouseholdSummary]) {
    println!(
        "{:<20} {:<10} {:<6} {:<8} {:<20} {:<12} {:>4} {:>4}",
        "户号 id", "村 village", "组", "户主 head", "身份证 ID", "状态 state", "人数", "照片"
    );
    for h in list {
        println!(
            "{:<20} {:<10} {:<6} {:<8} {:<20} {:<12} {:>4} {:>4}",
            h.id,
            h.village,
            h.group,
            h.head_name_masked,
            h.head_id_masked,
            format!("{} {}", state_label(&h.state), h.state.name()),
            h.members,
            h.photos
        );
    }
    println!("共 {} 户 households", list.len());
}

impl HouseholdsCommand {
    pub fn run(self) -> CmdResult {
        let HouseholdsCommand::List { store, json } = self;
        let list = store.open()?.list_households().map_err(store_error)?;
        if json {
            print_json(&list)?;
        } else {
            print_list(&list);
        }
        Ok(Outcome::Clean)
    }
}

impl HouseholdCommand {
    pub fn run(self) -> CmdResult {
        let (store, id, json, reveal) = match self {
            HouseholdCommand::Show {
                store,
                id,
                json,
                reveal,
            } => (store, id, json, reveal),
            HouseholdCommand::Reopen { store, id, reason } => {
                let id = HouseholdId(id);
                let revision = store.open()?.reopen(&id, &reason).map_err(store_error)?;
                println!(
                    "household {} is open again as revision {revision}; finalize it when corrected",
                    masked_household(&id)
                );
                return Ok(Outcome::Clean);
            }
            HouseholdCommand::Visit(command) => return command.run(),
        };
        let record = store
            .open()?
            .household(&HouseholdId(id))
            .map_err(store_error)?;
        let v = view::view(record, reveal);
        if json {
            print_json(&v)?;
        } else {
            view::print_household(&v);
        }
        Ok(Outcome::Clean)
    }
}
