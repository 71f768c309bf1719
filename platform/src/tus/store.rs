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
}

/// How long a request waits for an older request on the same upload (e.g. one whose
/// connection was cut but not yet noticed) before answering 423 Locked.
const LOCK_WAIT: Duration = Duration::from_secs(5);

impl UploadStore {
    pub fn open(dir: &Path) -> io::Result<UploadStore> {
        std::fs::create_dir_all(dir)?;
        Ok(UploadStore {
            dir: dir.to_path_buf(),
            locks: Mutex::new(HashMap::new()),
        })
    }

    /// Creates an empty upload with a new random id.
    pub async fn create(
        &self,
        length: u64,
        metadata: BTreeMap<String, String>,
    ) -> io::Result<UploadInfo> {
        let mut raw = [0u8; 16];
        rand::rng().fill_bytes(&mut raw);
        let info = UploadInfo {
            id: hex::encode(raw),
            length,
            offset: 0,
            metadata,
            created_at: chrono::Utc::now().to_rfc3339(),
        };
        tokio::fs::File::create(self.data_path(&info.id)).await?;
        self.commit(&info).await?;
        Ok(info)
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
        let on_disk = tokio::fs::metadata(self.data_path(id)).await?.len();
        info.offset = info.offset.min(on_disk);
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
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            if durable {
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&data)?
                    .sync_data()?;
            }
            let mut file = std::fs::File::create(&tmp)?;
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
            let mut file = std::fs::File::create(&tmp)?;
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
}

/// Ids are 32 lower-case hex digits: nothing else reaches the file system.
fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
