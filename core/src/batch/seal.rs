//! Sealing: the store's finalized households become one batch file,
//! `<batch id>.tar.age`, with its minisign signature beside it, `<batch id>.tar.age.minisig`.
//!
//! Three stages run at once, joined by bounded pipes ([`super::pipe`]), each in its own file:
//! 1. [`tar_stage`], on this thread: the tar, streamed from the store's decrypting readers;
//! 2. [`encrypt_stage`], a thread: age encryption to the bank's recipients, written to a
//!    temporary file in the output directory;
//! 3. [`sign_stage`], a thread: the signature's BLAKE2b-512 of the encrypted bytes as they
//!    are written, then the minisign signature.
//!
//! No plaintext ever reaches the disk and the batch is never whole in memory. This file
//! then puts them into place: when all is written and synced, the signature and the batch
//! are renamed into place and the households are marked sealed in the store. Any failure
//! before that leaves no batch.

mod encrypt_stage;
mod sign_stage;
mod tar_stage;

use super::device::{
    DeviceIdentity, LAST_BATCH_ID, MANIFEST_SHA_PREFIX, last_batch_id, random_hex,
};
use super::error::BatchError;
use super::manifest::FORMAT;
use super::pipe::pipe;
use crate::model::HouseholdId;
use crate::store::{ChainHead, Store};
use encrypt_stage::encrypt_stage;
use sign_stage::sign_stage;
use std::fs::File;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use tar_stage::{Stage, write_tar};

/// A batch file's name ends with this: an age-encrypted tar.
pub const BATCH_SUFFIX: &str = ".tar.age";
/// The signature beside it: `<batch file>.minisig`, where `minisign -V` looks by default.
pub const SIGNATURE_SUFFIX: &str = ".minisig";

/// The file name of a batch.
pub fn batch_file_name(batch_id: &str) -> String {
    format!("{batch_id}{BATCH_SUFFIX}")
}

/// Where `cunxin batch seal` puts batches unless told otherwise: `<store>/batches`.
pub fn default_batch_dir(store: &Store) -> PathBuf {
    store.dir().join("batches")
}

/// What sealing produced.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SealedBatch {
    pub batch_id: String,
    /// The encrypted batch, `<out>/<batch id>.tar.age`.
    pub path: PathBuf,
    /// Its minisign signature, `<path>.minisig`.
    pub signature_path: PathBuf,
    /// SHA-256 of the batch's `manifest.json` (a receipt names it).
    pub manifest_sha256: String,
    pub previous_batch_id: Option<String>,
    pub device_id: String,
    pub key_id: String,
    pub households: Vec<HouseholdId>,
    /// Files in the tar, `manifest.json` and `SHA256SUMS` included.
    pub files: usize,
    /// Size of the tar inside the encryption.
    pub plaintext_bytes: u64,
    /// Size of the batch file.
    pub batch_bytes: u64,
    /// The store's audit chain head after the households were marked sealed.
    pub audit_head: ChainHead,
}

struct Context {
    batch_id: String,
    created_at: String,
    mtime: u64,
    device: super::manifest::DeviceInfo,
    operator: Option<String>,
    previous_batch_id: Option<String>,
    audit_head: ChainHead,
}

/// Seals every finalized household of the store into one batch in `out_dir` (created if
/// needed), encrypted to `recipients` (any of them can open it) and signed with the
/// device's key. The households become `sealed`.
pub fn seal(
    store: &mut Store,
    recipients: &[age::x25519::Recipient],
    out_dir: &Path,
) -> Result<SealedBatch, BatchError> {
    seal_reporting(store, recipients, out_dir, &mut |_| {
        ControlFlow::Continue(())
    })
}

/// Where sealing stands, after each household written into the batch.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SealProgress {
    pub batch_id: String,
    pub households_done: u32,
    pub households_total: u32,
    /// Bytes of the households' files and records written so far (before encryption).
    pub bytes_done: u64,
}

/// [`seal`], telling `on_progress` after each household; a `Break` from it stops sealing
/// ([`BatchError::Cancelled`]): nothing is sealed and the partial file is removed.
pub fn seal_reporting(
    store: &mut Store,
    recipients: &[age::x25519::Recipient],
    out_dir: &Path,
    on_progress: &mut dyn FnMut(SealProgress) -> ControlFlow<()>,
) -> Result<SealedBatch, BatchError> {
    if recipients.is_empty() {
        return Err(BatchError::NoRecipients);
    }
    let households = store.finalized_households()?;
    if households.is_empty() {
        return Err(BatchError::NothingToSeal);
    }
    let device = DeviceIdentity::load_or_create(store)?;
    let previous_batch_id = last_batch_id(store)?;
    let now = chrono::Utc::now();
    let ctx = Context {
        batch_id: format!("{}-{}", now.format("%Y%m%dT%H%M%SZ"), random_hex::<8>()?),
        created_at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        mtime: now.timestamp().max(0) as u64,
        device: device.info(),
        operator: store.operator().map(String::from),
        previous_batch_id: previous_batch_id.clone(),
        audit_head: store.audit_head()?,
    };
    std::fs::create_dir_all(out_dir).map_err(|e| {
        BatchError::io(
            format!("could not create the batch directory {}", out_dir.display()),
            e,
        )
    })?;
    let path = out_dir.join(batch_file_name(&ctx.batch_id));
    let signature_path = PathBuf::from(format!("{}{SIGNATURE_SUFFIX}", path.display()));
    for p in [&path, &signature_path] {
        if p.exists() {
            return Err(BatchError::AlreadyExists(p.display().to_string()));
        }
    }

    let temp = tempfile::Builder::new()
        .prefix(".sealing-")
        .suffix(".partial")
        .tempfile_in(out_dir)
        .map_err(|e| BatchError::io("could not create the batch file", e))?;
    let file = temp
        .as_file()
        .try_clone()
        .map_err(|e| BatchError::io("could not open the batch file", e))?;
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|_| {
                BatchError::InvalidKey("the batch cannot be encrypted to these recipients".into())
            })?;
    let trusted_comment = format!(
        "timestamp:{} {FORMAT} batch:{} device:{} households:{}",
        ctx.mtime,
        ctx.batch_id,
        ctx.device.device_id,
        households.len()
    );
    let untrusted_comment = format!(
        "signature of Cunxin batch {} by device {} (key {})",
        ctx.batch_id, ctx.device.device_id, ctx.device.key_id
    );

    let (tar_in, tar_out) = pipe();
    let (sig_in, sig_out) = pipe();
    let store_ref: &Store = store;
    let (produced, encrypted, signed) = std::thread::scope(|s| {
        let encrypting = s.spawn(move || encrypt_stage(tar_out, encryptor, file, sig_in));
        let key = device.signing_key();
        let (tc, uc) = (&trusted_comment, &untrusted_comment);
        let signing = s.spawn(move || sign_stage(sig_out, key, tc, uc));
        let produced = write_tar(store_ref, &households, &ctx, tar_in, on_progress);
        let encrypted = encrypting.join().unwrap_or_else(|_| {
            Err(BatchError::io(
                "encryption failed",
                io::Error::other("panic"),
            ))
        });
        let signed = signing.join();
        (produced, encrypted, signed)
    });
    let produced = match (produced, encrypted) {
        (Err(Stage::Stopped(_)), Err(e)) => return Err(e),
        (Err(Stage::Stopped(e)), Ok(_)) => {
            return Err(BatchError::io("could not write the batch", e));
        }
        (Err(Stage::Failed(e)), _) => return Err(e),
        (Ok(_), Err(e)) => return Err(e),
        (Ok(p), Ok((plain, cipher))) => (p, plain, cipher),
    };
    let signature = match signed {
        Ok(signed) => signed?,
        Err(_) => {
            return Err(BatchError::InvalidKey(
                "the batch could not be signed with the device's key".into(),
            ));
        }
    };
    let (produced, plaintext_bytes, batch_bytes) = produced;

    // Into place: the signature first, then the batch (a batch file is always complete and
    // signed), then the store.
    write_durably(&signature_path, signature.as_bytes())?;
    if let Err(e) = temp.persist_noclobber(&path) {
        let _ = std::fs::remove_file(&signature_path);
        return Err(BatchError::io("could not name the batch file", e.error));
    }
    let placed = sync_dir(out_dir).and_then(|()| {
        let ids: Vec<HouseholdId> = households.iter().map(|h| h.household.id.clone()).collect();
        // One transaction: the households sealed, the receipt's expected manifest hash and
        // the device's chain head — all or nothing.
        let manifest_key = format!("{MANIFEST_SHA_PREFIX}{}", ctx.batch_id);
        let head = store.mark_sealed_with_settings(
            &ctx.batch_id,
            &ids,
            &[
                (&manifest_key, &produced.manifest_sha256),
                (LAST_BATCH_ID, &ctx.batch_id),
            ],
        )?;
        Ok((ids, head))
    });
    let (ids, audit_head) = match placed {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            let _ = std::fs::remove_file(&signature_path);
            return Err(e);
        }
    };
    Ok(SealedBatch {
        batch_id: ctx.batch_id,
        path,
        signature_path,
        manifest_sha256: produced.manifest_sha256,
        previous_batch_id,
        device_id: ctx.device.device_id,
        key_id: ctx.device.key_id,
        households: ids,
        files: produced.files,
        plaintext_bytes,
        batch_bytes,
        audit_head,
    })
}

/// Writes a small file under a temporary name, syncs it, and renames it into place.
pub(crate) fn write_durably(path: &Path, bytes: &[u8]) -> Result<(), BatchError> {
    let temp = PathBuf::from(format!("{}.partial", path.display()));
    let written = File::create(&temp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    let written = written.and_then(|()| std::fs::rename(&temp, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        BatchError::io(format!("could not write {}", path.display()), e)
    })
}

pub(crate) fn sync_dir(dir: &Path) -> Result<(), BatchError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| BatchError::io(format!("could not sync {}", dir.display()), e))
}
