//! Sealing's first stage, on the calling thread: the tar. Each photo, thumbnail and signature
//! image streams from the store's decrypting reader into its tar entry (its length checked
//! against the store's record, and hashed where the store recorded no hash), then each
//! household's JSON record, then `manifest.json` and `SHA256SUMS`. The tar goes into a
//! bounded pipe to the encryption stage.

use super::{Context, SealProgress};
use crate::batch::error::BatchError;
use crate::batch::manifest::{
    FORMAT, MANIFEST_PATH, Manifest, ManifestFile, ManifestHousehold, SUMS_PATH, ScorecardVersion,
    is_safe_path, sha256sums,
};
use crate::batch::pipe::PipeWriter;
use crate::model::HouseholdId;
use crate::scoring::committee::aggregate;
use crate::store::{FinalizedHousehold, Store, StoreError, masked_household};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::{self, Read};
use std::ops::ControlFlow;

/// Thumbnails and signature images up to this size are read whole before their tar entry
/// (their size is not in the store's records); larger ones are read twice, streaming.
const SMALL_FILE: usize = 1024 * 1024;

pub(super) enum Stage {
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

pub(super) struct Produced {
    pub(super) manifest_sha256: String,
    pub(super) files: usize,
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

pub(super) fn write_tar(
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
        // The store's reconciliation: the grid manager's reason and the scorecard's cap.
        let reconciliation = &h.reconciliation;
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
