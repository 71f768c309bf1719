//! The store directory's files, its lock, and the key-check file.

use super::error::{StoreError, StoreResult};
use super::key::StoreKey;
use crate::fsutil::Durability;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

const DB: &str = "cunxin.db";
const CREATING: &str = "cunxin.db.creating";
const REKEY: &str = "cunxin.db.rekey";
const KEY_CHECK: &str = "key-check.json";
const LOCK: &str = "store.lock";
const FILES: &str = "files";

pub(crate) struct Layout {
    dir: PathBuf,
}

/// Unfinished work a crash can leave behind, removed before it is redone.
pub(crate) enum Leftover {
    Creating,
    Rekey,
}

impl Layout {
    pub(crate) fn new(dir: &Path) -> Layout {
        Layout {
            dir: dir.to_path_buf(),
        }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn db(&self) -> PathBuf {
        self.dir.join(DB)
    }

    pub(crate) fn creating(&self) -> PathBuf {
        self.dir.join(CREATING)
    }

    pub(crate) fn rekey(&self) -> PathBuf {
        self.dir.join(REKEY)
    }

    pub(crate) fn files(&self) -> PathBuf {
        self.dir.join(FILES)
    }

    /// Takes the store's exclusive lock (released by the OS even if the process dies).
    /// Waits up to a quarter second: a process that forks (e.g. to start a command) lends
    /// its open lock to the child until the child's exec, which must not read as "in use".
    pub(crate) fn lock(&self) -> StoreResult<File> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(LOCK))
            .map_err(|e| StoreError::io("could not open the store's lock file", e))?;
        for _ in 0..25 {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(std::fs::TryLockError::WouldBlock) => {
                    std::thread::sleep(std::time::Duration::from_millis(10))
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(StoreError::io("could not lock the store", e));
                }
            }
        }
        Err(StoreError::InUse)
    }

    /// Deletes a half-made database (and its journals) from an interrupted create or rekey.
    pub(crate) fn remove_leftovers(&self, which: Leftover) -> StoreResult<()> {
        let base = match which {
            Leftover::Creating => CREATING,
            Leftover::Rekey => REKEY,
        };
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let path = self.dir.join(format!("{base}{suffix}"));
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::io("could not remove an unfinished file", e)),
            }
        }
        Ok(())
    }

    pub(crate) fn sync_dir(&self) -> StoreResult<()> {
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| StoreError::io("could not sync the store directory", e))
    }

    /// Writes a small file atomically: temporary name, sync, rename, sync the directory.
    pub(crate) fn replace_file(&self, name: &str, content: &[u8]) -> StoreResult<()> {
        crate::fsutil::write_atomic(&self.dir.join(name), content, Durability::Synced)
            .map_err(|e| StoreError::io(format!("could not write {name}"), e))
    }
}

/// How a key relates to the store, by fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyRole {
    Current,
    /// The new key of a key change that may or may not have taken effect.
    Pending,
    Unknown,
}

/// Public fingerprints of the current key and, during a key change, the new one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct KeyCheck {
    pub version: u32,
    pub current: String,
    pub pending: Option<String>,
}

impl KeyCheck {
    pub(crate) fn current(key: &StoreKey) -> KeyCheck {
        KeyCheck {
            version: 1,
            current: key.fingerprint(),
            pending: None,
        }
    }

    pub(crate) fn with_pending(&self, key: &StoreKey) -> KeyCheck {
        KeyCheck {
            pending: Some(key.fingerprint()),
            ..self.clone()
        }
    }

    /// The check file, if present and readable. It is only a hint: without it the key is
    /// simply tried.
    pub(crate) fn read(layout: &Layout) -> StoreResult<Option<KeyCheck>> {
        match std::fs::read(layout.dir.join(KEY_CHECK)) {
            Ok(text) => Ok(serde_json::from_slice(&text).ok()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::io(format!("could not read {KEY_CHECK}"), e)),
        }
    }

    pub(crate) fn write(&self, layout: &Layout) -> StoreResult<()> {
        let text = serde_json::to_vec_pretty(self)
            .map_err(|_| StoreError::InvalidInput("key check".into()))?;
        layout.replace_file(KEY_CHECK, &text)
    }

    pub(crate) fn role_of(&self, fingerprint: &str) -> KeyRole {
        if self.current == fingerprint {
            KeyRole::Current
        } else if self.pending.as_deref() == Some(fingerprint) {
            KeyRole::Pending
        } else {
            KeyRole::Unknown
        }
    }

    /// Why a key the check file knows did not decrypt the database.
    pub(crate) fn explain_failure(&self, role: KeyRole) -> StoreError {
        match (role, &self.pending) {
            (KeyRole::Pending, _) => StoreError::WrongKey(
                "a key change was interrupted before it took effect; open the store with the previous key (nothing was changed)"
                    .into(),
            ),
            (KeyRole::Current, Some(_)) => StoreError::WrongKey(
                "the store's key was changed; open it with the new key (nothing was changed)".into(),
            ),
            _ => StoreError::Damaged(
                "its first page does not decrypt with the store's own key".into(),
            ),
        }
    }
}
