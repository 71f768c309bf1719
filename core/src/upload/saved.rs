//! An upload's state kept in a JSON file next to the file being uploaded
//! (`<file>.upload.json`), written atomically after every chunk, so a killed command
//! goes on where the server stands.
//!
//! Only the upload's URL must survive a power cut (else a new upload starts over), so
//! only a state with a new URL is synced to disk; the offset is always asked of the
//! server again on resuming, and syncing it after every chunk would halve throughput.

use super::TusUpload;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct SavedUpload {
    path: PathBuf,
    synced_url: std::cell::RefCell<Option<String>>,
}

impl SavedUpload {
    pub fn next_to(file: &Path) -> SavedUpload {
        let mut name = file.file_name().unwrap_or_default().to_os_string();
        name.push(".upload.json");
        SavedUpload {
            path: file.with_file_name(name),
            synced_url: Default::default(),
        }
    }

    /// The saved state, if there is one that still applies: same endpoint and file.
    pub fn load(&self, endpoint: &str, length: u64, fingerprint: &str) -> Option<TusUpload> {
        let text = std::fs::read(&self.path).ok()?;
        let state: TusUpload = serde_json::from_slice(&text).ok()?;
        let same = state.endpoint == endpoint
            && state.length == length
            && state.fingerprint.as_deref() == Some(fingerprint);
        if same {
            *self.synced_url.borrow_mut() = state.upload_url.clone();
        }
        same.then_some(state)
    }

    /// The bytes the server had when the saved upload last heard from it; None before an
    /// upload began (for display: a resumed upload asks the server again).
    pub fn offset_seen(&self) -> Option<u64> {
        let text = std::fs::read(&self.path).ok()?;
        let state: TusUpload = serde_json::from_slice(&text).ok()?;
        state.upload_url.is_some().then_some(state.offset)
    }

    /// Writes the state to a temporary file and renames it over the old one, syncing
    /// both when the upload's URL is new.
    pub fn save(&self, state: &TusUpload) -> std::io::Result<()> {
        let tmp = self.path.with_extension("json.tmp");
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&serde_json::to_vec_pretty(state)?)?;
        let durable = *self.synced_url.borrow() != state.upload_url;
        if durable {
            file.sync_all()?;
        }
        std::fs::rename(&tmp, &self.path)?;
        if durable {
            if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::File::open(dir)?.sync_all()?;
            }
            *self.synced_url.borrow_mut() = state.upload_url.clone();
        }
        Ok(())
    }

    /// Forgets a finished upload.
    pub fn remove(&self) -> std::io::Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}
