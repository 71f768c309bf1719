//! Sealing: the store's finalized households become one batch file,
//! `<batch id>.tar.age`, with its minisign signature beside it, `<batch id>.tar.age.minisig`.
//!
//! Three stages run at once, joined by bounded pipes ([`super::pipe`]):
//! 1. this thread writes the tar: each photo, thumbnail and signature image streams from the
//!    store's decrypting reader into its tar entry (hashed on the way and checked against
//!    the store's record), then each household's JSON record, then `manifest.json` and
//!    `SHA256SUMS`;
//! 2. a thread encrypts the tar with age to the bank's recipients and writes it to a
//!    temporary file in the output directory;
//! 3. a thread hashes the encrypted bytes for the minisign signature as they are written.
//!
//! No plaintext ever reaches the disk and the batch is never whole in memory. When all is
//! written and synced, the signature and the batch are renamed into place and the
//! households are marked sealed in the store. Any failure before that leaves no batch.

use super::device::{
    DeviceIdentity, LAST_BATCH_ID, MANIFEST_SHA_PREFIX, last_batch_id, random_hex,
};
use super::error::BatchError;
use super::manifest::{
    FORMAT, MANIFEST_PATH, Manifest, ManifestFile, ManifestHousehold, SUMS_PATH, ScorecardVersion,
    is_safe_path, sha256sums,
};
use super::pipe::{PipeReader, PipeWriter, pipe};
use super::writeback::WritebackFile;
use crate::model::HouseholdId;
use crate::scoring::committee::aggregate;
use crate::scoring::reconcile::reconcile;
use crate::store::{ChainHead, FinalizedHousehold, Store, StoreError, masked_household};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// A batch file's name ends with this: an age-encrypted tar.
pub const BATCH_SUFFIX: &str = ".tar.age";
/// The signature beside it: `<batch file>.minisig`, where `minisign -V` looks by default.
pub const SIGNATURE_SUFFIX: &str = ".minisig";

/// Thumbnails and signature images up to this size are read whole before their tar entry
/// (their size is not in the store's records); larger ones are read twice, streaming.
const SMALL_FILE: usize = 1024 * 1024;

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
    seal_reporting(store, recipients, out_dir, &mut |_| ControlFlow::Continue(()))
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
        let signing = s.spawn(move || key.sign(sig_out, tc, uc));
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
        store.set_setting(
            &format!("{MANIFEST_SHA_PREFIX}{}", ctx.batch_id),
            &produced.manifest_sha256,
        )?;
        store.set_setting(LAST_BATCH_ID, &ctx.batch_id)?;
        let ids: Vec<HouseholdId> = households.iter().map(|h| h.household.id.clone()).collect();
        let head = store.mark_sealed(&ctx.batch_id, &ids)?;
        Ok((ids, head))
    });
    let (ids, audit_head) = match placed {
        Ok(done) => done,
        Err(e) => {
            let _ = store.set_setting(LAST_BATCH_ID, previous_batch_id.as_deref().unwrap_or(""));
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

// ---- stage 2: age encryption and the batch file ----

/// Writes the ciphertext to the file and hands a copy to the signature's hash.
struct Tee {
    file: BufWriter<WritebackFile>,
    sign: PipeWriter,
    written: u64,
}

impl Write for Tee {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.file.write_all(data)?;
        self.sign.write_all(data)?;
        self.written += data.len() as u64;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

fn encrypt_stage(
    mut input: PipeReader,
    encryptor: age::Encryptor,
    file: File,
    sign: PipeWriter,
) -> Result<(u64, u64), BatchError> {
    let write_err = |e| BatchError::io("could not write the batch file", e);
    let tee = Tee {
        file: BufWriter::with_capacity(512 * 1024, WritebackFile::new(file)),
        sign,
        written: 0,
    };
    let mut stream = encryptor.wrap_output(tee).map_err(write_err)?;
    let mut plaintext = 0u64;
    while let Some(buffer) = input
        .next_buffer()
        .map_err(|e| BatchError::io("sealing stopped", e))?
    {
        stream.write_all(&buffer).map_err(write_err)?;
        plaintext += buffer.len() as u64;
        input.recycle(buffer);
    }
    let Tee {
        file,
        sign,
        written,
    } = stream.finish().map_err(write_err)?;
    let file = file
        .into_inner()
        .map_err(|e| write_err(e.into_error()))?
        .into_inner();
    file.sync_all().map_err(write_err)?;
    sign.finish()
        .map_err(|e| BatchError::io("the batch could not be signed", e))?;
    Ok((plaintext, written))
}

// ---- stage 1: the tar ----

enum Stage {
    /// The next stage stopped (its error is the one to report).
    Stopped(io::Error),
    Failed(BatchError),
}

impl From<BatchError> for Stage {
    fn from(e: BatchError) -> Self {
        Stage::Failed(e)
    }
}

impl From<StoreError> for Stage {
    fn from(e: StoreError) -> Self {
        Stage::Failed(e.into())
    }
}

struct Produced {
    manifest_sha256: String,
    files: usize,
}

/// Reads exactly `expected` bytes, hashing them unless their hash is already known; a source
/// that ends early or goes on longer fails the read, and so the tar entry (the whole seal
/// stops).
struct Hashing<R> {
    inner: R,
    expected: u64,
    count: u64,
    hasher: Option<Sha256>,
    /// The source failed (as opposed to the tar's destination).
    source_failed: Option<&'static str>,
}

impl<R: Read> Hashing<R> {
    fn new(inner: R, expected: u64, hash: bool) -> Self {
        Hashing {
            inner,
            expected,
            count: 0,
            hasher: hash.then(Sha256::new),
            source_failed: None,
        }
    }

    fn fail(&mut self, why: &'static str) -> io::Error {
        self.source_failed = Some(why);
        io::Error::new(io::ErrorKind::InvalidData, why)
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.count == self.expected {
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe) {
                Ok(0) => Ok(0),
                Ok(_) => Err(self.fail("it is longer than its record says")),
                Err(_) => Err(self.fail("it is damaged or was tampered with")),
            };
        }
        let room = out.len().min((self.expected - self.count) as usize);
        let n = match self.inner.read(&mut out[..room]) {
            Ok(0) if room > 0 => return Err(self.fail("it is shorter than its record says")),
            Ok(n) => n,
            Err(_) => return Err(self.fail("it is damaged or was tampered with")),
        };
        if let Some(hasher) = &mut self.hasher {
            hasher.update(&out[..n]);
        }
        self.count += n as u64;
        Ok(n)
    }
}

fn header(size: u64, mtime: u64) -> tar::Header {
    let mut header = tar::Header::new_ustar();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(size);
    header.set_mode(0o644);
    header.set_mtime(mtime);
    header.set_uid(0);
    header.set_gid(0);
    header
}

struct TarWriter<'a> {
    tar: tar::Builder<PipeWriter>,
    files: Vec<ManifestFile>,
    mtime: u64,
    /// Reused for small files of unknown size.
    small: Vec<u8>,
    household: &'a HouseholdId,
}

impl TarWriter<'_> {
    /// Streams `size` bytes from `source` into a new entry; returns the SHA-256.
    fn append(
        &mut self,
        path: String,
        size: u64,
        source: impl Read,
        what: &str,
    ) -> Result<String, Stage> {
        self.append_entry(path, size, source, what, None)
    }

    /// Streams a store file whose SHA-256 the store recorded when it was added. The store's
    /// authenticated encryption already guarantees the bytes are the ones hashed then, so
    /// they are not hashed again (the photos are most of a batch's bytes).
    fn append_recorded(
        &mut self,
        path: String,
        size: u64,
        source: impl Read,
        what: &str,
        sha256: &str,
    ) -> Result<(), Stage> {
        self.append_entry(path, size, source, what, Some(sha256))
            .map(drop)
    }

    fn append_entry(
        &mut self,
        path: String,
        size: u64,
        source: impl Read,
        what: &str,
        recorded_sha256: Option<&str>,
    ) -> Result<String, Stage> {
        debug_assert!(is_safe_path(&path), "unsafe path {path}");
        let mut source = Hashing::new(source, size, recorded_sha256.is_none());
        let mut header = header(size, self.mtime);
        if let Err(e) = self.tar.append_data(&mut header, &path, &mut source) {
            return Err(match source.source_failed {
                Some(why) => Stage::Failed(self.damaged(what, why)),
                None => Stage::Stopped(e),
            });
        }
        let sha256 = match source.hasher {
            Some(hasher) => hex::encode(hasher.finalize()),
            None => recorded_sha256.unwrap_or_default().to_string(),
        };
        self.files.push(ManifestFile {
            path,
            sha256: sha256.clone(),
            size,
        });
        Ok(sha256)
    }

    fn damaged(&self, what: &str, why: &str) -> BatchError {
        BatchError::StoreContent(format!(
            "{what} of household {} in the store cannot be sealed: {why}; nothing was sealed, restore the store from a backup",
            masked_household(self.household)
        ))
    }

    /// A store file whose size the record does not give: small ones are read whole first,
    /// larger ones are read twice (once for the size, once into the entry).
    fn append_unsized<R: Read>(
        &mut self,
        path_for: impl Fn(&[u8]) -> String,
        open: impl Fn() -> Result<R, StoreError>,
        what: &str,
    ) -> Result<(String, String, u64), Stage> {
        let read_err =
            |s: &Self| Stage::Failed(s.damaged(what, "it is damaged or was tampered with"));
        let mut small = std::mem::take(&mut self.small);
        small.clear();
        let mut first = open()?;
        if (&mut first)
            .take(SMALL_FILE as u64 + 1)
            .read_to_end(&mut small)
            .is_err()
        {
            return Err(read_err(self));
        }
        let path = path_for(&small);
        let result = if small.len() <= SMALL_FILE {
            let size = small.len() as u64;
            self.append(path.clone(), size, &small[..], what)
                .map(|sha| (sha, size))
        } else {
            let mut hasher = Sha256::new();
            hasher.update(&small);
            let mut size = small.len() as u64;
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match first.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        hasher.update(&buf[..n]);
                        size += n as u64;
                    }
                    Err(_) => return Err(read_err(self)),
                }
            }
            let first_sha = hex::encode(hasher.finalize());
            let sha = self.append(path.clone(), size, open()?, what)?;
            if sha != first_sha {
                return Err(Stage::Failed(
                    self.damaged(what, "it changed while it was read"),
                ));
            }
            Ok((sha, size))
        };
        self.small = small;
        result.map(|(sha, size)| (path, sha, size))
    }

    /// An in-memory file (records, manifest).
    fn append_bytes(&mut self, path: String, bytes: &[u8]) -> Result<String, Stage> {
        self.append(path, bytes.len() as u64, bytes, "a record")
    }
}

fn image_extension(head: &[u8]) -> &'static str {
    if head.starts_with(b"\x89PNG") {
        "png"
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "jpg"
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        "webp"
    } else if head.starts_with(b"<svg") || head.starts_with(b"<?xml") {
        "svg"
    } else {
        "bin"
    }
}

/// A store id as a file name: kept when it is plain, else replaced by its position.
fn file_stem(id: &str, position: usize) -> String {
    if !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        id.to_string()
    } else {
        format!("{:03}", position + 1)
    }
}

fn to_value<T: serde::Serialize>(value: &T) -> Result<Value, Stage> {
    serde_json::to_value(value).map_err(|_| {
        Stage::Failed(BatchError::StoreContent(
            "a household's record cannot be written as JSON".into(),
        ))
    })
}

fn write_tar(
    store: &Store,
    households: &[FinalizedHousehold],
    ctx: &Context,
    out: PipeWriter,
    on_progress: &mut dyn FnMut(SealProgress) -> ControlFlow<()>,
) -> Result<Produced, Stage> {
    let first_id = &households[0].household.id;
    let mut w = TarWriter {
        tar: tar::Builder::new(out),
        files: Vec::new(),
        mtime: ctx.mtime,
        small: Vec::new(),
        household: first_id,
    };
    let mut manifest_households = Vec::with_capacity(households.len());
    let mut grid_managers = BTreeSet::new();
    let mut scorecards = BTreeSet::new();
    for (index, h) in households.iter().enumerate() {
        w.household = &h.household.id;
        let dir = format!("households/{:04}", index + 1);

        let mut photos = Vec::with_capacity(h.photos.len());
        for (n, photo) in h.photos.iter().enumerate() {
            let stem = file_stem(&photo.id.0, n);
            let path = format!("{dir}/photos/{stem}.jpg");
            w.append_recorded(
                path.clone(),
                photo.size,
                store.open_photo(&photo.id)?,
                "a photo",
                &photo.sha256,
            )?;
            let thumb_path = format!("{dir}/photos/{stem}.thumb.jpg");
            let (thumb_path, _, _) = w.append_unsized(
                |_| thumb_path.clone(),
                || store.open_thumbnail(&photo.id),
                "a photo's thumbnail",
            )?;
            grid_managers.insert(photo.meta.taken_by.clone());
            let mut value = to_value(photo)?;
            value["file"] = json!(path);
            value["thumbnail_file"] = json!(thumb_path);
            photos.push(value);
        }

        let mut consents = Vec::with_capacity(h.consents.len());
        for (n, consent) in h.consents.iter().enumerate() {
            let stem = file_stem(&consent.id.0, n);
            let (path, sha, size) = w.append_unsized(
                |head| format!("{dir}/signatures/{stem}.{}", image_extension(head)),
                || store.open_signature(&consent.id),
                "a consent signature",
            )?;
            if sha != consent.signature_sha256 {
                return Err(Stage::Failed(w.damaged(
                    "a consent signature",
                    "its content does not match its recorded SHA-256",
                )));
            }
            grid_managers.insert(consent.input.grid_manager.clone());
            let mut value = to_value(consent)?;
            value["signature_file"] = json!(path);
            value["signature_size"] = json!(size);
            consents.push(value);
        }

        for run in &h.scoring_runs {
            scorecards.insert(ScorecardVersion {
                scorecard: run.scorecard.clone(),
                version: run.scorecard_version.clone(),
            });
        }
        let score = h.scoring_runs.iter().rev().find(|r| r.error.is_none());
        let committee = aggregate(&h.committee_reviews);
        let reconciliation =
            score.and_then(|s| reconcile(s.limit_yuan, committee.limit_yuan, None, None).ok());
        let audit = store.audit_events(Some(&h.household.id))?;
        let record = json!({
            "format": "cunxin-household/1",
            "household": to_value(&h.household)?,
            "facts": h.facts,
            "facts_revision": h.revision,
            "finalized_at": h.finalized_at,
            "score": to_value(&score)?,
            "scoring_runs": to_value(&h.scoring_runs)?,
            "committee_reviews": to_value(&h.committee_reviews)?,
            "committee": to_value(&committee)?,
            "reconciliation": to_value(&reconciliation)?,
            "consents": consents,
            "photos": photos,
            "audit": to_value(&audit)?,
        });
        let bytes = serde_json::to_vec_pretty(&record).map_err(|_| {
            Stage::Failed(BatchError::StoreContent(
                "a household's record cannot be written as JSON".into(),
            ))
        })?;
        let record_path = format!("{dir}/record.json");
        w.append_bytes(record_path.clone(), &bytes)?;
        manifest_households.push(ManifestHousehold {
            id: h.household.id.clone(),
            record: record_path,
        });
        let progress = SealProgress {
            batch_id: ctx.batch_id.clone(),
            households_done: index as u32 + 1,
            households_total: households.len() as u32,
            bytes_done: w.files.iter().map(|f| f.size).sum(),
        };
        if on_progress(progress).is_break() {
            return Err(Stage::Failed(BatchError::Cancelled));
        }
    }

    grid_managers.retain(|g| !g.is_empty());
    let files = std::mem::take(&mut w.files);
    let manifest = Manifest {
        format: FORMAT.to_string(),
        batch_id: ctx.batch_id.clone(),
        created_at: ctx.created_at.clone(),
        device: ctx.device.clone(),
        operator: ctx.operator.clone(),
        grid_managers: grid_managers.into_iter().collect(),
        scorecards: scorecards.into_iter().collect(),
        previous_batch_id: ctx.previous_batch_id.clone(),
        audit_head: ctx.audit_head.clone(),
        households: manifest_households,
        files,
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(|_| {
        Stage::Failed(BatchError::StoreContent(
            "the batch manifest cannot be written as JSON".into(),
        ))
    })?;
    let manifest_sha256 = w.append_bytes(MANIFEST_PATH.to_string(), &manifest_bytes)?;
    let sums = sha256sums(&manifest.files, &manifest_sha256);
    w.append_bytes(SUMS_PATH.to_string(), sums.as_bytes())?;
    let out = w.tar.into_inner().map_err(Stage::Stopped)?;
    out.finish().map_err(Stage::Stopped)?;
    Ok(Produced {
        manifest_sha256,
        files: manifest.files.len() + 2,
    })
}
