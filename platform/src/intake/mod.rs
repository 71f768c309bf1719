//! Taking in a sealed batch: verify its signature against the registered devices, decrypt it
//! with the bank's identity, check every file against the manifest (all by
//! [`cunxin_core::batch::open_batch_into`]), then check each household, store the batch and
//! its households, and sign a receipt.
//!
//! Every batch is decided: a receipt (all or some households accepted) or a refusal with
//! its reason. `Err` is only the platform's own trouble (disk, database, keys), and the
//! same batch is decided once that is mended.
//!
//! One device, one chain: a batch is taken only from the key registered for the device it
//! names, and a device's households are its own (two tablets' `H001` are two households).
//! Exactly once: the same batch again gets the receipt it got the first time and adds
//! nothing; a batch id seen before with other content, or a second batch continuing the
//! device's chain from the same point, is refused. A crash at any moment leaves the batch
//! either wholly received (files in place, rows committed) or not at all.
//!
//! Nothing in clear: the batch's files are encrypted to the bank's recipient as they are
//! unpacked ([`staging`]), records are read back one at a time within their bounds, and a
//! rejected household leaves only its reason and a masked line.

mod checks;
mod db;
pub mod staging;

use crate::config::KeysConfig;
use crate::keys::{BankKeys, RegisteredDevice, registered_devices};
use crate::private_fs::create_private_dir_all;
use cunxin_core::batch::manifest::MAX_RECORD_BYTES;
use cunxin_core::batch::{BatchError, Receipt, Rejection, VerifiedBatch, open_batch_into};
use cunxin_core::model::HouseholdId;
use db::{BatchWriter, Db, InsertError, NewBatch};
use sha2::{Digest, Sha256};
use staging::Staging;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What became of a batch: the signed receipt, or the reason it was refused — the one wire
/// type the device reads ([`cunxin_core::model::ReceiptAnswer`]). Kept per upload and
/// served to the device.
pub use cunxin_core::model::ReceiptAnswer as Outcome;

pub struct Intake {
    keys: KeysConfig,
    db: Mutex<Db>,
    /// `<data>/batches/<batch id>/`: each accepted batch's files, encrypted at rest.
    batches_dir: PathBuf,
    /// Where batches are opened before they are accepted.
    staging_dir: PathBuf,
}

/// A rejected household as the platform keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptRejection {
    pub household: String,
    pub reason: String,
    /// The head's masked name and ID number with the place, when the record was readable.
    pub masked: Option<String>,
}

/// What the platform holds: its accepted households with their records, and the returned
/// ones with the reason.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Holdings {
    pub accepted: Vec<HeldHousehold>,
    pub returned: Vec<ReturnedHousehold>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct HeldHousehold {
    pub batch_id: String,
    pub household_id: String,
    /// The head's masked name and ID number with the place.
    pub masked: Option<String>,
    /// The household's record as the device sealed it.
    pub record: serde_json::Value,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ReturnedHousehold {
    pub batch_id: String,
    pub household_id: String,
    pub reason: String,
    pub masked: Option<String>,
}

impl Intake {
    /// Opens the database and folders under `data_dir`, checks that the keys load, and
    /// removes what an interrupted intake left in staging.
    pub fn open(data_dir: &Path, keys: &KeysConfig) -> Result<Intake, String> {
        BankKeys::load(keys)?;
        registered_devices(&keys.devices_dir)?;
        let batches_dir = data_dir.join("batches");
        let staging_dir = data_dir.join("staging");
        for dir in [data_dir, &batches_dir, &staging_dir] {
            create_private_dir_all(dir)
                .map_err(|e| format!("could not create {}: {e}", dir.display()))?;
        }
        staging::clear_leftovers(&staging_dir)?;
        let db_path = data_dir.join("platform.sqlite");
        let db = Db::open(&db_path)
            .map_err(|e| format!("could not open the database {}: {e}", db_path.display()))?;
        Ok(Intake {
            keys: keys.clone(),
            db: Mutex::new(db),
            batches_dir,
            staging_dir,
        })
    }

    /// Takes in the batch file `batch` with its minisign signature. `Err` is the platform's
    /// own trouble (disk, database, keys): nothing was decided, try again later.
    pub fn receive(&self, batch: &Path, signature: &[u8]) -> Result<Outcome, String> {
        let keys = BankKeys::load(&self.keys)?;
        let devices = registered_devices(&self.keys.devices_dir)?;
        let trusted: Vec<minisign::PublicKey> = devices.iter().map(|d| d.key.clone()).collect();
        let mut staging = Staging::new(&self.staging_dir, keys.recipient())
            .map_err(|e| format!("could not create a staging folder: {e}"))?;
        let file = std::fs::File::open(batch)
            .map_err(|e| format!("could not read the upload {}: {e}", batch.display()))?;
        let verified =
            match open_batch_into(file, signature, &trusted, &keys.identities, &mut staging) {
                Ok(verified) => verified,
                Err(e @ (BatchError::Io { .. } | BatchError::DiskFull)) => {
                    return Err(e.to_string());
                }
                Err(e) => return Ok(Outcome::Refused(e.to_string())),
            };
        if let Some(refusal) = wrong_device(&devices, &verified) {
            return Ok(Outcome::Refused(refusal));
        }
        // One batch at a time: the exactly-once checks and the insert must not interleave.
        let mut db = self.db.lock().unwrap_or_else(|p| p.into_inner());
        let db_err = |e: rusqlite::Error| format!("the database failed: {e}");
        let manifest = &verified.manifest;
        if let Some((sha, receipt)) = db.received(&verified.batch_id).map_err(db_err)? {
            return Ok(if sha == verified.manifest_sha256 {
                Outcome::Receipt(receipt)
            } else {
                Outcome::Refused(format!(
                    "batch {} was received before with other content; this copy is a replay or was altered, and the first one stands",
                    verified.batch_id
                ))
            });
        }
        let device_id = &manifest.device.device_id;
        let previous = manifest.previous_batch_id.as_deref();
        if let Some(other) = db
            .successor(device_id, previous, &verified.batch_id)
            .map_err(db_err)?
        {
            return Ok(Outcome::Refused(format!(
                "device {device_id} already continued its chain from {} with batch {other}; this batch is a replay or comes from a copied device",
                previous.unwrap_or("its start")
            )));
        }
        if let Some(previous) = previous
            && db.received(previous).map_err(db_err)?.is_none()
        {
            // A gap: a batch the bank never received. Accept this one; the gap stays visible.
            eprintln!(
                "cunxin-platform: batch {} of device {device_id} follows batch {previous}, which was never received",
                verified.batch_id
            );
        }

        let received_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let writer = db
            .begin(&NewBatch {
                batch_id: &verified.batch_id,
                manifest_sha256: &verified.manifest_sha256,
                device_id,
                key_id: &verified.signer_key_id,
                previous_batch_id: previous,
                received_at: &received_at,
            })
            .map_err(db_err)?;
        let judged = judge_households(&writer, &verified, &staging, &keys.identities)?;
        let receipt = Receipt {
            receipt_id: receipt_id(&verified),
            batch_id: verified.batch_id.clone(),
            manifest_sha256: verified.manifest_sha256.clone(),
            device_id: device_id.clone(),
            received_at,
            accepted: judged.accepted,
            rejected: judged.rejected,
            platform_key_id: keys.platform_key.key_id(),
        };
        let signed = receipt
            .sign(&keys.platform_key)
            .map_err(|e| e.to_string())?;
        let target = self.batches_dir.join(&verified.batch_id);
        let placed = writer.commit(&signed, || place(staging, &target));
        match placed {
            Ok(()) => Ok(Outcome::Receipt(signed)),
            Err(InsertError::Db(e)) => {
                let _ = std::fs::remove_dir_all(&target);
                Err(db_err(e))
            }
            Err(InsertError::Placing(e)) => Err(e),
        }
    }

    /// The households the platform holds from a batch (tests, operators).
    pub fn households_of(&self, batch_id: &str) -> Result<Vec<String>, String> {
        let db = self.db.lock().unwrap_or_else(|p| p.into_inner());
        db.households_of(batch_id)
            .map_err(|e| format!("the database failed: {e}"))
    }

    /// Every household the platform holds and every one it returned, across all batches.
    pub fn holdings(&self) -> Result<Holdings, String> {
        let db = self.db.lock().unwrap_or_else(|p| p.into_inner());
        let failed = |e: rusqlite::Error| format!("the database failed: {e}");
        let accepted = db
            .all_households()
            .map_err(failed)?
            .into_iter()
            .map(|(batch_id, household_id, record)| {
                let record: serde_json::Value = serde_json::from_str(&record).map_err(|e| {
                    format!("a stored record is not JSON ({e}); the database is damaged")
                })?;
                Ok(HeldHousehold {
                    masked: checks::masked_line(&record),
                    batch_id,
                    household_id,
                    record,
                })
            })
            .collect::<Result<_, String>>()?;
        let returned = db
            .all_rejections()
            .map_err(failed)?
            .into_iter()
            .map(
                |(batch_id, household_id, reason, masked)| ReturnedHousehold {
                    batch_id,
                    household_id,
                    reason,
                    masked,
                },
            )
            .collect();
        Ok(Holdings { accepted, returned })
    }

    /// The batches that brought `household` of `device_id`, oldest first.
    pub fn batches_of_household(
        &self,
        device_id: &str,
        household: &str,
    ) -> Result<Vec<String>, String> {
        let db = self.db.lock().unwrap_or_else(|p| p.into_inner());
        db.batches_of_household(device_id, household)
            .map_err(|e| format!("the database failed: {e}"))
    }

    /// The households a batch's receipt rejected, as the platform keeps them.
    pub fn rejections_of(&self, batch_id: &str) -> Result<Vec<KeptRejection>, String> {
        let db = self.db.lock().unwrap_or_else(|p| p.into_inner());
        let rows = db
            .rejections_of(batch_id)
            .map_err(|e| format!("the database failed: {e}"))?;
        Ok(rows
            .into_iter()
            .map(|(household, reason, masked)| KeptRejection {
                household,
                reason,
                masked,
            })
            .collect())
    }
}

/// The refusal of a batch that names another device than the one whose key signed it.
fn wrong_device(devices: &[RegisteredDevice], verified: &VerifiedBatch) -> Option<String> {
    let named = &verified.manifest.device.device_id;
    let signer = devices
        .iter()
        .find(|d| d.key_id() == verified.signer_key_id)?;
    (signer.device_id != *named).then(|| {
        format!(
            "the batch names device {named} but was signed with the key registered for device {}; a device sends only its own batches",
            signer.device_id
        )
    })
}

/// Moves the staged batch into `<data>/batches/<batch id>`, replacing what an earlier
/// attempt that crashed before its commit may have left there.
fn place(staging: Staging, to: &Path) -> Result<(), String> {
    if to.exists() {
        std::fs::remove_dir_all(to)
            .map_err(|e| format!("could not clear {}: {e}", to.display()))?;
    }
    staging
        .rename_to(to)
        .map_err(|e| format!("could not move the batch to {}: {e}", to.display()))?;
    for dir in [Some(to), to.parent()].into_iter().flatten() {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| format!("could not sync {}: {e}", dir.display()))?;
    }
    Ok(())
}

struct Judged {
    accepted: Vec<HouseholdId>,
    rejected: Vec<Rejection>,
}

/// Judges each household of the batch, one record in memory at a time: accepted ones are
/// written with their record, rejected ones with their reason and a masked line while their
/// files leave the staging folder.
fn judge_households(
    writer: &BatchWriter,
    verified: &VerifiedBatch,
    staging: &Staging,
    identities: &[age::x25519::Identity],
) -> Result<Judged, String> {
    let db_err = |e: rusqlite::Error| format!("the database failed: {e}");
    let files: BTreeMap<&str, u64> = verified
        .manifest
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.size))
        .collect();
    let mut judged = Judged {
        accepted: Vec::new(),
        rejected: Vec::new(),
    };
    for household in &verified.manifest.households {
        let id = household.id.0.as_str();
        let size = files.get(household.record.as_str()).copied().unwrap_or(0);
        let bytes = match size <= MAX_RECORD_BYTES {
            true => staging.read(&household.record, identities, MAX_RECORD_BYTES)?,
            false => None,
        };
        let mut record = None;
        let mut reason = checks::unreadable_reason(size, bytes.as_deref());
        if reason.is_none()
            && let Some(bytes) = &bytes
        {
            match serde_json::from_slice::<serde_json::Value>(bytes) {
                Err(_) => {
                    reason =
                        Some("记录不是 JSON / the household record is not valid JSON".to_string())
                }
                Ok(value) => {
                    reason = checks::rejection_reason(&value, &files);
                    record = Some(value);
                }
            }
        }
        let sha = hex::encode(Sha256::digest(bytes.as_deref().unwrap_or_default()));
        if reason.is_none()
            && let Some(batch) = writer.record_received(id, &sha).map_err(db_err)?
        {
            reason = Some(format!(
                "已在批次 {batch} 中接收 / this household record was already received in batch {batch}"
            ));
        }
        match reason {
            None => {
                // Checked UTF-8 above.
                let text = std::str::from_utf8(bytes.as_deref().unwrap_or_default())
                    .map_err(|_| "a checked record is not UTF-8".to_string())?;
                writer.accept(id, &sha, text).map_err(db_err)?;
                judged.accepted.push(household.id.clone());
            }
            Some(reason) => {
                let masked = record.as_ref().and_then(checks::masked_line);
                writer
                    .reject(id, &reason, masked.as_deref())
                    .map_err(db_err)?;
                forget_household(staging, &household.record, record.as_ref(), &files)?;
                judged.rejected.push(Rejection {
                    household: household.id.clone(),
                    reason,
                });
            }
        }
    }
    Ok(judged)
}

/// Removes a rejected household's files from the staging folder: its record, every file in
/// the record's folder, and the files the record names.
fn forget_household(
    staging: &Staging,
    record_path: &str,
    record: Option<&serde_json::Value>,
    files: &BTreeMap<&str, u64>,
) -> Result<(), String> {
    staging.remove(record_path)?;
    if let Some((folder, _)) = record_path.rsplit_once('/') {
        let prefix = format!("{folder}/");
        for path in files.keys().filter(|p| p.starts_with(&prefix)) {
            staging.remove(path)?;
        }
    }
    for path in record.map(checks::files_named).unwrap_or_default() {
        if files.contains_key(path.as_str()) {
            staging.remove(&path)?;
        }
    }
    Ok(())
}

/// A receipt id that names the batch content it answers (stable across retries).
fn receipt_id(verified: &VerifiedBatch) -> String {
    let digest = Sha256::digest(format!(
        "{}\n{}",
        verified.batch_id, verified.manifest_sha256
    ));
    format!("R-{}", &hex::encode(digest)[..24])
}
