//! Where a batch waits while it is checked: `<data>/staging/opening-*/`, each file
//! encrypted to the bank's own age recipient as it is unpacked, so a receiver killed during
//! intake leaves no personal data in clear (and start-up removes what it left). Accepted,
//! the folder becomes `<data>/batches/<batch id>/` as it is — still encrypted at rest;
//! `age -d -i bank.key <file>.age` reads a file.

use crate::private_fs::{create_private_dir_all, create_private_file};
use cunxin_core::batch::UnpackTarget;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Every file the platform keeps of a batch ends with this.
pub const ENCRYPTED_SUFFIX: &str = ".age";

pub struct Staging {
    dir: tempfile::TempDir,
    /// Held while the batch is opened, so another receiver's start-up leaves it alone.
    _lock: std::fs::File,
    recipient: age::x25519::Recipient,
}

impl Staging {
    /// A new, empty staging folder (0700) in `root`.
    pub fn new(root: &Path, recipient: age::x25519::Recipient) -> io::Result<Staging> {
        let dir = tempfile::Builder::new()
            .prefix("opening-")
            .tempdir_in(root)?;
        let lock = std::fs::File::open(dir.path())?;
        lock.lock()?;
        Ok(Staging {
            dir,
            _lock: lock,
            recipient,
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    fn file(&self, path: &str) -> PathBuf {
        self.dir.path().join(format!("{path}{ENCRYPTED_SUFFIX}"))
    }

    /// Decrypts one staged file into memory, at most `limit` bytes of it (`None` when it
    /// is longer).
    pub fn read(
        &self,
        path: &str,
        identities: &[age::x25519::Identity],
        limit: u64,
    ) -> Result<Option<Vec<u8>>, String> {
        let trouble = |e: &dyn std::fmt::Display| format!("could not read back a staged file: {e}");
        let file = std::fs::File::open(self.file(path)).map_err(|e| trouble(&e))?;
        let decryptor =
            age::Decryptor::new_buffered(io::BufReader::new(file)).map_err(|e| trouble(&e))?;
        let reader = decryptor
            .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
            .map_err(|e| trouble(&e))?;
        let mut bytes = Vec::new();
        reader
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| trouble(&e))?;
        Ok((bytes.len() as u64 <= limit).then_some(bytes))
    }

    /// Removes a staged file (a rejected household's), and its folders once empty.
    pub fn remove(&self, path: &str) -> Result<(), String> {
        let file = self.file(path);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(format!("could not remove a refused household's file: {e}")),
        }
        let mut dir = file.parent();
        while let Some(d) = dir {
            if d == self.dir.path() || std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }

    /// Renames the folder to `to` (still holding its lock); on failure it is removed.
    pub fn rename_to(self, to: &Path) -> io::Result<()> {
        let renamed = std::fs::rename(self.dir.path(), to);
        if renamed.is_ok() {
            let _ = self.dir.keep();
        }
        renamed
    }
}

impl UnpackTarget for Staging {
    fn store(&mut self, path: &str, data: &mut dyn Read) -> io::Result<()> {
        let target = self.file(path);
        if let Some(parent) = target.parent() {
            create_private_dir_all(parent)?;
        }
        let file = create_private_file(&target)?;
        let encryptor = age::Encryptor::with_recipients(std::iter::once(
            &self.recipient as &dyn age::Recipient,
        ))
        .map_err(io::Error::other)?;
        let mut writer = encryptor.wrap_output(BufWriter::with_capacity(64 * 1024, file))?;
        io::copy(data, &mut writer)?;
        writer.finish()?.flush()
    }
}

/// Empties the staging folder at start-up: what a receiver killed during intake left
/// (encrypted since this version; in clear before it). A folder another running receiver is
/// opening a batch in (it holds the folder's lock) stays.
pub fn clear_leftovers(root: &Path) -> Result<usize, String> {
    let err = |e: io::Error| format!("could not clear the staging folder {}: {e}", root.display());
    let mut removed = 0;
    for entry in std::fs::read_dir(root).map_err(err)? {
        let path = entry.map_err(err)?.path();
        if path.is_dir() {
            let dir = std::fs::File::open(&path).map_err(err)?;
            match dir.try_lock() {
                Ok(()) => std::fs::remove_dir_all(&path).map_err(err)?,
                Err(std::fs::TryLockError::WouldBlock) => continue,
                Err(std::fs::TryLockError::Error(e)) => return Err(err(e)),
            }
        } else {
            std::fs::remove_file(&path).map_err(err)?;
        }
        removed += 1;
    }
    Ok(removed)
}
