//! `cunxin batch open` (bank side), `batch seal` and `batch export` (store side), and
//! `cunxin device key` (the device's public key for the bank).

use super::store::{StoreArgs, store_error};
use crate::cmd::handover::run_receipt_files;
use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Subcommand;
use cunxin_core::batch::{
    self, BatchError, DEVICE_KEY_FILE, SIGNATURE_SUFFIX, default_batch_dir, export_batches,
    open_batch, parse_identities, parse_public_key, parse_recipients, seal,
};
use cunxin_core::store::masked_household;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum BatchCommand {
    /// Verify, decrypt, check and unpack a sealed batch (the bank's side).
    Open {
        /// The batch file (`<batch id>.tar.age`).
        batch: PathBuf,
        /// The bank's age identity file (AGE-SECRET-KEY-1…, as age-keygen writes).
        #[arg(long)]
        identity: PathBuf,
        /// A trusted device public key (minisign .pub); repeat for several devices.
        #[arg(long, required = true)]
        signer: Vec<PathBuf>,
        /// The signature file; default: the batch file's name with `.minisig` added.
        #[arg(long)]
        signature: Option<PathBuf>,
        /// Where to unpack: the batch goes to DIR/<batch id>.
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Seal the finalized households of a store into a batch.
    Seal {
        #[command(flatten)]
        store: StoreArgs,
        /// A file of the bank's age public keys (age1…, one per line); repeat for several.
        #[arg(long = "recipient", required = true, num_args = 1..)]
        recipients: Vec<PathBuf>,
        /// Where to write the batch; default: the store's `batches` directory.
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Write sealed batches to a directory on removable media.
    Export {
        #[command(flatten)]
        store: StoreArgs,
        dir: PathBuf,
        /// Export only this batch (default: every batch not yet uploaded).
        #[arg(long)]
        batch: Option<String>,
        /// Where sealed batches are; default: the store's `batches` directory.
        #[arg(long)]
        from: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Unseal a batch the platform refused for good (or that was lost before it reached the
    /// bank): its households become finalized again, to be corrected and sealed into a new
    /// batch. A batch the platform received (it has a receipt) cannot be unsealed.
    Unseal {
        #[command(flatten)]
        store: StoreArgs,
        /// The batch's id (as `batch seal` printed it).
        batch_id: String,
        #[arg(long)]
        json: bool,
    },
    /// Take the platform's answers to batches brought on a USB drive
    /// (`<batch>.tar.age.receipt.json`): accepted households are purged, rejected ones
    /// return to be corrected.
    Receipt {
        #[command(flatten)]
        store: StoreArgs,
        /// The platform's minisign public key: only receipts it signed are believed.
        #[arg(long = "platform-key")]
        platform_key: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum DeviceCommand {
    /// Print (or write) the device's two public keys for the bank: `device.pub` (minisign,
    /// signs batches) and the age recipient its work packages are encrypted to.
    Key {
        #[command(flatten)]
        store: StoreArgs,
        /// Write `device.pub` to this file, and the age recipient beside it (same name, `.age`),
        /// instead of printing them.
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

/// Reads a small text file (a key file), or says plainly why not.
fn read_text(path: &Path, what: &str) -> Result<String, Fatal> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Fatal(format!("there is no {what} at {}", path.display())),
        _ => Fatal(format!("could not read the {what} {}: {e}", path.display())),
    })?;
    String::from_utf8(bytes)
        .map_err(|_| Fatal(format!("the {what} {} is not a text file", path.display())))
}

fn batch_error(e: BatchError) -> Fatal {
    Fatal(e.to_string())
}

#[derive(Serialize)]
struct SealView {
    batch_id: String,
    path: String,
    signature_path: String,
    manifest_sha256: String,
    previous_batch_id: Option<String>,
    device_id: String,
    key_id: String,
    /// Masked household ids.
    households: Vec<String>,
    files: usize,
    plaintext_bytes: u64,
    batch_bytes: u64,
}

#[derive(Serialize)]
struct OpenView {
    opened: bool,
    batch_id: Option<String>,
    dir: Option<String>,
    manifest_sha256: Option<String>,
    signer_key_id: Option<String>,
    device_id: Option<String>,
    previous_batch_id: Option<String>,
    created_at: Option<String>,
    households: usize,
    files: usize,
    bytes: u64,
    error: Option<String>,
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

impl BatchCommand {
    pub fn run(self) -> CmdResult {
        match self {
            BatchCommand::Open {
                batch,
                identity,
                signer,
                signature,
                out,
                json,
            } => run_open(&batch, &identity, &signer, signature, &out, json),
            BatchCommand::Seal {
                store,
                recipients,
                out,
                json,
            } => run_seal(&store, &recipients, out, json),
            BatchCommand::Export {
                store,
                dir,
                batch,
                from,
                json,
            } => run_export(&store, &dir, batch.as_deref(), from, json),
            BatchCommand::Receipt {
                store,
                platform_key,
                files,
                json,
            } => run_receipt_files(&store, &platform_key, &files, json),
            BatchCommand::Unseal {
                store,
                batch_id,
                json,
            } => run_unseal(&store, &batch_id, json),
        }
    }
}

#[derive(Serialize)]
struct UnsealView {
    batch_id: String,
    /// Households finalized again.
    households: usize,
}

fn run_unseal(args: &StoreArgs, batch_id: &str, json: bool) -> CmdResult {
    let mut store = args.open()?;
    let households = store.reopen_batch(batch_id).map_err(store_error)?;
    let view = UnsealView {
        batch_id: batch_id.to_string(),
        households,
    };
    if json {
        print_json(&view)?;
    } else {
        println!(
            "已解封 unsealed batch {batch_id}: {households} 户 households are finalized again; correct them if needed and seal a new batch (`cunxin batch seal`)"
        );
    }
    Ok(Outcome::Clean)
}

fn run_seal(
    args: &StoreArgs,
    recipient_files: &[PathBuf],
    out: Option<PathBuf>,
    json: bool,
) -> CmdResult {
    let mut recipients = Vec::new();
    for file in recipient_files {
        let text = read_text(file, "recipients file")?;
        recipients
            .extend(parse_recipients(&text, &file.display().to_string()).map_err(batch_error)?);
    }
    let mut store = args.open()?;
    let out = out.unwrap_or_else(|| default_batch_dir(&store));
    let sealed = match seal(&mut store, &recipients, &out) {
        Ok(sealed) => sealed,
        Err(BatchError::NothingToSeal) => {
            eprintln!("cunxin: {}", BatchError::NothingToSeal);
            return Ok(Outcome::ProblemsReported);
        }
        Err(BatchError::Store(e)) => return Err(store_error(e)),
        Err(e) => return Err(batch_error(e)),
    };
    let view = SealView {
        batch_id: sealed.batch_id.clone(),
        path: sealed.path.display().to_string(),
        signature_path: sealed.signature_path.display().to_string(),
        manifest_sha256: sealed.manifest_sha256.clone(),
        previous_batch_id: sealed.previous_batch_id.clone(),
        device_id: sealed.device_id.clone(),
        key_id: sealed.key_id.clone(),
        households: sealed.households.iter().map(masked_household).collect(),
        files: sealed.files,
        plaintext_bytes: sealed.plaintext_bytes,
        batch_bytes: sealed.batch_bytes,
    };
    if json {
        print_json(&view)?;
    } else {
        println!(
            "已封包 sealed batch {}: {} 户 households, {} files, {}",
            view.batch_id,
            view.households.len(),
            view.files,
            megabytes(view.batch_bytes)
        );
        println!("  批次 batch:     {}", view.path);
        println!("  签名 signature: {}", view.signature_path);
        println!(
            "  上一批 previous: {}",
            view.previous_batch_id
                .as_deref()
                .unwrap_or("(this device's first batch)")
        );
        println!("  设备 device:    {} (key {})", view.device_id, view.key_id);
    }
    Ok(Outcome::Clean)
}

fn run_open(
    batch_path: &Path,
    identity: &Path,
    signers: &[PathBuf],
    signature: Option<PathBuf>,
    out: &Path,
    json: bool,
) -> CmdResult {
    let identities = parse_identities(
        &read_text(identity, "identity file")?,
        &identity.display().to_string(),
    )
    .map_err(batch_error)?;
    let mut keys = Vec::new();
    for signer in signers {
        let key = parse_public_key(&read_text(signer, "device public key file")?)
            .map_err(|e| Fatal(format!("{}: {e}", signer.display())))?;
        keys.push(key);
    }
    let signature = signature
        .unwrap_or_else(|| PathBuf::from(format!("{}{SIGNATURE_SUFFIX}", batch_path.display())));
    for (path, what) in [
        (batch_path, "batch file"),
        (signature.as_path(), "signature file"),
    ] {
        if !path.is_file() {
            return Err(Fatal(format!("there is no {what} at {}", path.display())));
        }
    }
    match open_batch(batch_path, &signature, &keys, &identities, out) {
        Ok(opened) => {
            let view = OpenView {
                opened: true,
                batch_id: Some(opened.batch_id.clone()),
                dir: Some(opened.dir.display().to_string()),
                manifest_sha256: Some(opened.manifest_sha256.clone()),
                signer_key_id: Some(opened.signer_key_id.clone()),
                device_id: Some(opened.manifest.device.device_id.clone()),
                previous_batch_id: opened.manifest.previous_batch_id.clone(),
                created_at: Some(opened.manifest.created_at.clone()),
                households: opened.manifest.households.len(),
                files: opened.files,
                bytes: opened.bytes,
                error: None,
            };
            if json {
                print_json(&view)?;
            } else {
                println!(
                    "已验证并解开 verified and unpacked batch {} into {}",
                    opened.batch_id,
                    opened.dir.display()
                );
                println!(
                    "  signed by device {} (key {}), sealed {}",
                    opened.manifest.device.device_id,
                    opened.signer_key_id,
                    opened.manifest.created_at
                );
                println!(
                    "  {} 户 households, {} files checked against the manifest, {}",
                    opened.manifest.households.len(),
                    opened.files,
                    megabytes(opened.bytes)
                );
                println!(
                    "  上一批 previous batch: {}",
                    opened
                        .manifest
                        .previous_batch_id
                        .as_deref()
                        .unwrap_or("(the device's first batch)")
                );
            }
            Ok(Outcome::Clean)
        }
        Err(e) if e.is_verification_failure() => {
            eprintln!("cunxin: nothing was unpacked: {e}");
            if json {
                print_json(&OpenView {
                    opened: false,
                    batch_id: None,
                    dir: None,
                    manifest_sha256: None,
                    signer_key_id: None,
                    device_id: None,
                    previous_batch_id: None,
                    created_at: None,
                    households: 0,
                    files: 0,
                    bytes: 0,
                    error: Some(e.to_string()),
                })?;
            }
            Ok(Outcome::ProblemsReported)
        }
        Err(e) => Err(batch_error(e)),
    }
}

fn run_export(
    args: &StoreArgs,
    dir: &Path,
    only: Option<&str>,
    from: Option<PathBuf>,
    json: bool,
) -> CmdResult {
    let mut store = args.open()?;
    let from = from.unwrap_or_else(|| default_batch_dir(&store));
    let report = match export_batches(&mut store, &from, dir, only) {
        Ok(report) => report,
        Err(BatchError::Export(message)) => {
            eprintln!("cunxin: {message}");
            return Ok(Outcome::ProblemsReported);
        }
        Err(BatchError::Store(e)) => return Err(store_error(e)),
        Err(e) => return Err(batch_error(e)),
    };
    if json {
        print_json(&report)?;
    } else {
        for b in &report.batches {
            println!(
                "已导出 exported batch {} ({})",
                b.batch_id,
                megabytes(b.bytes)
            );
        }
        println!(
            "  to {} with {DEVICE_KEY_FILE} (key {}) and {}",
            report.dir.display(),
            report.key_id,
            batch::README_FILE
        );
    }
    Ok(Outcome::Clean)
}

#[derive(Serialize)]
struct DeviceKeyView {
    device_id: String,
    key_id: String,
    public_key: String,
    package_recipient: String,
    file: Option<String>,
    package_recipient_file: Option<String>,
}

impl DeviceCommand {
    pub fn run(self) -> CmdResult {
        let DeviceCommand::Key { store, out, json } = self;
        let mut store = store.open()?;
        let device = batch::DeviceIdentity::load_or_create(&mut store).map_err(batch_error)?;
        let text = device.public_key_text();
        let recipient = device.package_recipient();
        let recipient_out = out.as_ref().map(|p| p.with_extension("age"));
        if let (Some(path), Some(recipient_path)) = (&out, &recipient_out) {
            for (file, content) in [
                (path, text.clone()),
                (recipient_path, format!("{recipient}\n")),
            ] {
                std::fs::write(file, content)
                    .map_err(|e| Fatal(format!("could not write {}: {e}", file.display())))?;
            }
        }
        if json {
            print_json(&DeviceKeyView {
                device_id: device.device_id.clone(),
                key_id: device.key_id(),
                public_key: text,
                package_recipient: recipient,
                file: out.map(|p| p.display().to_string()),
                package_recipient_file: recipient_out.map(|p| p.display().to_string()),
            })?;
        } else if let (Some(path), Some(recipient_path)) = (out, recipient_out) {
            println!(
                "设备公钥 device public key {} (device {}) written to {}",
                device.key_id(),
                device.device_id,
                path.display()
            );
            println!(
                "工作包公钥 package key (age) written to {}",
                recipient_path.display()
            );
        } else {
            print!("{text}");
            println!("工作包公钥 package key (age): {recipient}");
        }
        Ok(Outcome::Clean)
    }
}
