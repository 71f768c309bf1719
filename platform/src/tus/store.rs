//! Uploads on disk: `<id>.bin` holds the bytes, `<id>.json` the length, metadata and the
//! committed offset. The offset moves forward only after a whole chunk arrived (and its
//! checksum matched), by an atomic rename, so a server killed mid-chunk restarts at the
//! last whole chunk; bytes past the committed offset are cut off before the next chunk.
//!
//! Durability: a killed process loses nothing committed (the kernel keeps the written
//! pages). Chunks are not synced one by one (that would halve throughput); a complete
//! upload is synced to disk before anything acts on it, so no receipt is ever given for
//! bytes that a power cut could take back. After a power cut mid-upload, an offset past
//! the data file's end is pulled back to it; a batch damaged otherwise fails its
//! signature check and is refused, never accepted.

use crate::intake::Outcome;
use crate::private_fs::{create_private_dir_all, create_private_truncated};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::OwnedMutexGuard;

/// One upload's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadInfo {
    pub id: String,
    pub length: u64,
    /// Bytes received and committed.
    pub offset: u64,
    pub metadata: BTreeMap<String, String>,
    /// RFC 3339.
    pub created_at: String,
    /// The key id of the device that created it (only it may continue it); empty on a
    /// receiver without registered devices.
    #[serde(default)]
    pub device: String,
}

impl UploadInfo {
    pub fn is_complete(&self) -> bool {
        self.offset == self.length
    }
}

/// The uploads folder and the per-upload locks (one request writes an upload at a time).
pub struct UploadStore {
    dir: PathBuf,
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Every unfinished upload, for quotas, the disk's reservations and expiry.
    open: Mutex<HashMap<String, OpenUpload>>,
}

/// An unfinished upload as the quotas see it.
#[derive(Debug, Clone)]
pub struct OpenUpload {
    pub device: String,
    pub length: u64,
    pub offset: u64,
    /// When a request last moved it (unix seconds).
    pub touched: i64,
}

/// What one device holds unfinished.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Holding {
    pub uploads: usize,
    pub bytes: u64,
}

/// How long a request waits for an older request on the same upload (e.g. one whose
/// connection was cut but not yet noticed) before answering 423 Locked.
const LOCK_WAIT: Duration = Duration::from_secs(5);

impl UploadStore {
    /// Opens the folder and reads which uploads are unfinished (their last touch is their
    /// record's modification time).
    pub fn open(dir: &Path) -> io::Result<UploadStore> {
        // Uploads are batches encrypted to the bank, but their names and sizes are the
        // bank's business only: the folder is 0700, every file 0600.
        create_private_dir_all(dir)?;
        let mut open = HashMap::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".json")) else {
                continue;
            };
            if !valid_id(id) {
                continue;
            }
            let Ok(info) = serde_json::from_slice::<UploadInfo>(&std::fs::read(entry.path())?)
            else {
                continue;
            };
            if info.is_complete() {
                continue;
            }
            let touched = entry
                .metadata()?
                .modified()?
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            let on_disk = std::fs::metadata(dir.join(format!("{id}.bin"))).map_or(0, |m| m.len());
            open.insert(
                info.id.clone(),
                OpenUpload {
                    device: info.device,
                    length: info.length,
                    offset: info.offset.min(on_disk),
                    touched,
                },
            );
        }
        Ok(UploadStore {
            dir: dir.to_path_buf(),
            locks: Mutex::new(HashMap::new()),
            open: Mutex::new(open),
        })
    }

    /// Creates an empty upload with a new random id, unless `admit` (shown what the device
    /// holds unfinished and what every device's unfinished uploads still need on disk)
    /// refuses it; decided and counted under one lock, so parallel creations cannot pass
    /// a quota together.
    pub async fn create<E>(
        &self,
        device: &str,
        length: u64,
        metadata: BTreeMap<String, String>,
        admit: impl FnOnce(Holding, u64) -> Result<(), E>,
    ) -> io::Result<Result<UploadInfo, E>> {
        let mut raw = [0u8; 16];
        rand::rng().fill_bytes(&mut raw);
        let info = UploadInfo {
            id: hex::encode(raw),
            length,
            offset: 0,
            metadata,
            created_at: chrono::Utc::now().to_rfc3339(),
            device: device.to_string(),
        };
        {
            let mut open = self.open_uploads();
            let mut holding = Holding::default();
            let mut still_to_come = 0u64;
            for upload in open.values() {
                still_to_come += upload.length - upload.offset;
                if upload.device == device {
                    holding.uploads += 1;
                    holding.bytes += upload.length;
                }
            }
            if let Err(e) = admit(holding, still_to_come) {
                return Ok(Err(e));
            }
            if length > 0 {
                open.insert(
                    info.id.clone(),
                    OpenUpload {
                        device: device.to_string(),
                        length,
                        offset: 0,
                        touched: now(),
                    },
                );
            }
        }
        let made = async {
            let data = self.data_path(&info.id);
            tokio::task::spawn_blocking(move || create_private_truncated(&data))
                .await
                .map_err(io::Error::other)??;
            self.commit(&info).await
        }
        .await;
        if let Err(e) = made {
            self.open_uploads().remove(&info.id);
            return Err(e);
        }
        Ok(Ok(info))
    }

    fn open_uploads(&self) -> std::sync::MutexGuard<'_, HashMap<String, OpenUpload>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// When an unfinished upload was last moved (unix seconds); `None` once complete.
    pub fn touched(&self, id: &str) -> Option<i64> {
        self.open_uploads().get(id).map(|u| u.touched)
    }

    /// Removes every unfinished upload untouched since `before` (unix seconds), unless a
    /// request holds it now; returns how many went.
    pub async fn remove_abandoned(&self, before: i64) -> usize {
        let stale: Vec<String> = self
            .open_uploads()
            .iter()
            .filter(|(_, u)| u.touched < before)
            .map(|(id, _)| id.clone())
            .collect();
        let mut removed = 0;
        for id in stale {
            let Some(_guard) = self.try_lock(&id) else {
                continue;
            };
            if self.touched(&id).is_none_or(|t| t >= before) {
                continue;
            }
            for path in [self.data_path(&id), self.info_path(&id)] {
                match tokio::fs::remove_file(&path).await {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => eprintln!(
                        "cunxin-platform: could not remove the abandoned upload {}: {e}",
                        path.display()
                    ),
                }
            }
            self.open_uploads().remove(&id);
            removed += 1;
        }
        removed
    }

    /// Removes a decided upload's bytes (its record and outcome stay, for the receipt).
    pub async fn remove_data(&self, id: &str) -> io::Result<()> {
        match tokio::fs::remove_file(self.data_path(id)).await {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// The upload's record; `None` for an unknown or malformed id.
    pub async fn info(&self, id: &str) -> io::Result<Option<UploadInfo>> {
        if !valid_id(id) {
            return Ok(None);
        }
        let mut info: UploadInfo = match tokio::fs::read(self.info_path(id)).await {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        match tokio::fs::metadata(self.data_path(id)).await {
            Ok(m) => info.offset = info.offset.min(m.len()),
            // A decided upload's bytes are removed; its record says it was complete.
            Err(e) if e.kind() == io::ErrorKind::NotFound && info.is_complete() => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => info.offset = 0,
            Err(e) => return Err(e),
        }
        Ok(Some(info))
    }

    /// Writes the record atomically (temporary file, rename). A complete upload's bytes
    /// and record are synced to disk first.
    pub async fn commit(&self, info: &UploadInfo) -> io::Result<()> {
        let path = self.info_path(&info.id);
        let data = self.data_path(&info.id);
        let tmp = path.with_extension("json.tmp");
        let bytes = serde_json::to_vec_pretty(info)?;
        let durable = info.is_complete();
        let dir = self.dir.clone();
        {
            let mut open = self.open_uploads();
            if durable {
                open.remove(&info.id);
            } else if let Some(upload) = open.get_mut(&info.id) {
                upload.offset = info.offset;
                upload.touched = now();
            }
        }
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            if durable {
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&data)?
                    .sync_data()?;
            }
            let mut file = create_private_truncated(&tmp)?;
            file.write_all(&bytes)?;
            if durable {
                file.sync_all()?;
            }
            std::fs::rename(&tmp, &path)?;
            if durable {
                std::fs::File::open(&dir)?.sync_all()?;
            }
            Ok(())
        })
        .await
        .map_err(io::Error::other)?
    }

    /// Keeps what became of a complete upload (written atomically).
    pub async fn save_outcome(&self, id: &str, outcome: &Outcome) -> io::Result<()> {
        let path = self.outcome_path(id);
        let tmp = path.with_extension("tmp");
        let bytes = serde_json::to_vec_pretty(outcome)?;
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let mut file = create_private_truncated(&tmp)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            std::fs::rename(&tmp, &path)
        })
        .await
        .map_err(io::Error::other)?
    }

    /// What became of a complete upload, once decided.
    pub async fn outcome(&self, id: &str) -> io::Result<Option<Outcome>> {
        if !valid_id(id) {
            return Ok(None);
        }
        match tokio::fs::read(self.outcome_path(id)).await {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn outcome_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.outcome.json"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn data_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.bin"))
    }

    fn info_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// Takes the upload's lock, waiting a little for an older request; `None` if it stays
    /// taken.
    pub async fn lock(&self, id: &str) -> Option<OwnedMutexGuard<()>> {
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
            // Forget locks nobody holds, so the map stays as small as the traffic.
            locks.retain(|_, l| Arc::strong_count(l) > 1);
            locks.entry(id.to_string()).or_default().clone()
        };
        tokio::time::timeout(LOCK_WAIT, lock.lock_owned())
            .await
            .ok()
    }

    /// The upload's lock if nobody holds it.
    fn try_lock(&self, id: &str) -> Option<OwnedMutexGuard<()>> {
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
            locks.entry(id.to_string()).or_default().clone()
        };
        lock.try_lock_owned().ok()
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Ids are 32 lower-case hex digits: nothing else reaches the file system.
fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
