//! Taking in a sealed batch: verify its signature against the registered devices, decrypt it
//! with the bank's identity, check every file against the manifest (all by
//! [`cunxin_core::batch::open_batch`]), then check each household, store the batch and its
//! households, and sign a receipt.
//!
//! Exactly once: the same batch again gets the receipt it got the first time and adds
//! nothing; a batch id seen before with other content, or a second batch continuing the
//! device's chain from the same point, is refused. A crash at any moment leaves the batch
//! either wholly received (files in place, rows committed) or not at all.

mod checks;
mod db;

use crate::config::KeysConfig;
use crate::keys::{BankKeys, registered_devices};
use cunxin_core::batch::{
    BatchError, OpenedBatch, Receipt, Rejection, SignedReceipt, open_batch_from,
};
use cunxin_core::model::HouseholdId;
use db::{Db, InsertError, NewBatch};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What became of a batch: the signed receipt, or the reason it was refused. Kept per
/// upload and served to the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Receipt(SignedReceipt),
    Refused(String),
}

pub struct Intake {
    keys: KeysConfig,
    db: Mutex<Db>,
    /// `<data>/batches/<batch id>/`: each accepted batch's files, as unpacked.
    batches_dir: PathBuf,
    /// Where batches are opened before they are accepted.
    staging_dir: PathBuf,
}

impl Intake {
    /// Opens the database and folders under `data_dir` and checks that the keys load.
    pub fn open(data_dir: &Path, keys: &KeysConfig) -> Result<Intake, String> {
        BankKeys::load(keys)?;
        registered_devices(&keys.devices_dir)?;
        let batches_dir = data_dir.join("batches");
        let staging_dir = data_dir.join("staging");
        for dir in [&batches_dir, &staging_dir] {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("could not create {}: {e}", dir.display()))?;
        }
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
        let staging = tempfile::Builder::new()
            .prefix("opening-")
            .tempdir_in(&self.staging_dir)
            .map_err(|e| format!("could not create a staging folder: {e}"))?;
        let file = std::fs::File::open(batch)
            .map_err(|e| format!("could not read the upload {}: {e}", batch.display()))?;
        let opened =
            match open_batch_from(file, signature, &devices, &keys.identities, staging.path()) {
                Ok(opened) => opened,
                Err(e @ (BatchError::Io { .. } | BatchError::DiskFull)) => {
                    return Err(e.to_string());
                }
                Err(e) => return Ok(Outcome::Refused(e.to_string())),
            };
        // One batch at a time: the exactly-once checks and the insert must not interleave.
        let mut db = self.db.lock().unwrap_or_else(|p| p.into_inner());
        let db_err = |e: rusqlite::Error| format!("the database failed: {e}");
        let manifest = &opened.manifest;
        if let Some((sha, receipt)) = db.received(&opened.batch_id).map_err(db_err)? {
            return Ok(if sha == opened.manifest_sha256 {
                Outcome::Receipt(receipt)
            } else {
                Outcome::Refused(format!(
                    "batch {} was received before with other content; this copy is a replay or was altered, and the first one stands",
                    opened.batch_id
                ))
            });
        }
        let device_id = &manifest.device.device_id;
        let previous = manifest.previous_batch_id.as_deref();
        if let Some(other) = db
            .successor(device_id, previous, &opened.batch_id)
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
                opened.batch_id
            );
        }

        let (accepted, rejected) = judge_households(&db, &opened)?;
        let received_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let receipt = Receipt {
            receipt_id: receipt_id(&opened),
            batch_id: opened.batch_id.clone(),
            manifest_sha256: opened.manifest_sha256.clone(),
            device_id: device_id.clone(),
            received_at: received_at.clone(),
            accepted: accepted
                .iter()
                .map(|(id, _, _)| HouseholdId(id.clone()))
                .collect(),
            rejected: rejected
                .iter()
                .map(|(id, reason)| Rejection {
                    household: HouseholdId(id.clone()),
                    reason: reason.clone(),
                })
                .collect(),
            platform_key_id: keys.platform_key.key_id(),
        };
        let signed = receipt
            .sign(&keys.platform_key)
            .map_err(|e| e.to_string())?;
        let new = NewBatch {
            batch_id: &opened.batch_id,
            manifest_sha256: &opened.manifest_sha256,
            device_id,
            key_id: &opened.signer_key_id,
            previous_batch_id: previous,
            received_at: &received_at,
            receipt: &signed,
            accepted,
            rejected,
        };
        let target = self.batches_dir.join(&opened.batch_id);
        let placed = db.insert(&new, || place(&opened.dir, &target));
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
}

/// Moves the unpacked batch into `<data>/batches/<batch id>`, replacing what an earlier
/// attempt that crashed before its commit may have left there.
fn place(from: &Path, to: &Path) -> Result<(), String> {
    if to.exists() {
        std::fs::remove_dir_all(to)
            .map_err(|e| format!("could not clear {}: {e}", to.display()))?;
    }
    std::fs::rename(from, to)
        .map_err(|e| format!("could not move the batch to {}: {e}", to.display()))?;
    if let Some(parent) = to.parent() {
        std::fs::File::open(parent)
            .and_then(|d| d.sync_all())
            .map_err(|e| format!("could not sync {}: {e}", parent.display()))?;
    }
    Ok(())
}

type Accepted = Vec<(String, String, String)>;
type Rejected = Vec<(String, String)>;

/// Splits the batch's households into accepted (id, record hash, record) and rejected
/// (id, reason).
fn judge_households(db: &Db, opened: &OpenedBatch) -> Result<(Accepted, Rejected), String> {
    let mut accepted = Vec::new();
    let mut rejected = Vec::new();
    for household in &opened.manifest.households {
        let id = household.id.0.clone();
        let path = opened.dir.join(&household.record);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("could not read {}: {e}", path.display()))?;
        let sha = hex::encode(Sha256::digest(text.as_bytes()));
        let reason = match serde_json::from_str(&text) {
            Err(_) => Some("记录不是 JSON / the household record is not valid JSON".to_string()),
            Ok(record) => checks::rejection_reason(&record),
        };
        let reason = match (reason, db.record_received(&id, &sha)) {
            (Some(reason), _) => Some(reason),
            (None, Ok(Some(batch))) => Some(format!(
                "已在批次 {batch} 中接收 / this household record was already received in batch {batch}"
            )),
            (None, Ok(None)) => None,
            (None, Err(e)) => return Err(format!("the database failed: {e}")),
        };
        match reason {
            Some(reason) => rejected.push((id, reason)),
            None => accepted.push((id, sha, text)),
        }
    }
    Ok((accepted, rejected))
}

/// A receipt id that names the batch content it answers (stable across retries).
fn receipt_id(opened: &OpenedBatch) -> String {
    let digest = Sha256::digest(format!("{}\n{}", opened.batch_id, opened.manifest_sha256));
    format!("R-{}", &hex::encode(digest)[..24])
}
