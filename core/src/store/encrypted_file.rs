//! Photos and signature images as encrypted files outside the database.
//!
//! Each file has its own random 256-bit key (kept in the encrypted database) and is written
//! with XChaCha20-Poly1305 in the STREAM construction (`aead::stream`, big-endian 32-bit
//! counter, 64 KiB chunks): authenticated chunk by chunk, with the last chunk marked, so a
//! large file is never whole in memory and truncation, reordering or any edit is detected.
//! Files get random names, are written under a temporary name (already encrypted, never
//! plaintext), synced, then renamed into place. Destroying the key in the database makes
//! the file unreadable even where flash storage keeps old blocks.

use super::error::{StoreError, StoreResult};
use chacha20poly1305::aead::generic_array::GenericArray;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::{Key, KeyInit, XChaCha20Poly1305};
use rand::TryRngCore;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use zeroize::{Zeroize, Zeroizing};

const MAGIC: &[u8; 8] = b"CXFILE01";
/// STREAM nonce for XChaCha20: 24 bytes minus the 5-byte counter and last-chunk flag.
const NONCE_PREFIX_LEN: usize = 19;
const HEADER_LEN: usize = MAGIC.len() + NONCE_PREFIX_LEN;
const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
/// Final names; temporary names add `.tmp`.
pub(crate) const EXTENSION: &str = "cxf";
const TEMP_SUFFIX: &str = ".tmp";

/// A file's own key. Wiped when dropped.
pub(crate) struct FileKey(Zeroizing<[u8; 32]>);

impl FileKey {
    pub(crate) fn from_slice(bytes: &[u8]) -> StoreResult<FileKey> {
        let array: [u8; 32] = bytes.try_into().map_err(|_| {
            StoreError::Damaged("a file key in the database has the wrong length".into())
        })?;
        Ok(FileKey(Zeroizing::new(array)))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0[..]
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(Key::from_slice(&self.0[..]))
    }
}

/// What [`FileVault::write`] produced.
pub(crate) struct WrittenFile {
    pub name: String,
    pub key: FileKey,
    /// SHA-256 of the plaintext, computed while encrypting.
    pub sha256: String,
    pub plaintext_len: u64,
}

/// The directory of encrypted files.
pub(crate) struct FileVault {
    dir: PathBuf,
}

fn random_bytes<const N: usize>() -> StoreResult<[u8; N]> {
    let mut bytes = [0u8; N];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).map_err(|_| {
        StoreError::io(
            "the system random generator failed",
            io::Error::other("getrandom"),
        )
    })?;
    Ok(bytes)
}

/// A random id of 128 bits in hex, for file names and record ids.
pub(crate) fn random_id() -> StoreResult<String> {
    Ok(hex::encode(random_bytes::<16>()?))
}

impl FileVault {
    pub(crate) fn new(dir: PathBuf) -> FileVault {
        FileVault { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Encrypts everything `plaintext` yields into a new file and makes it durable.
    pub(crate) fn write(&self, plaintext: &mut dyn Read) -> StoreResult<WrittenFile> {
        let name = format!("{}.{EXTENSION}", random_id()?);
        let temp = self.path(&format!("{name}{TEMP_SUFFIX}"));
        let key = FileKey(Zeroizing::new(random_bytes::<32>()?));
        let written = self
            .write_temp(&temp, &key, plaintext)
            .and_then(|(sha256, len)| {
                std::fs::rename(&temp, self.path(&name))
                    .map_err(|e| StoreError::io("could not name an encrypted file", e))?;
                self.sync_dir()?;
                Ok((sha256, len))
            });
        match written {
            Ok((sha256, plaintext_len)) => Ok(WrittenFile {
                name,
                key,
                sha256,
                plaintext_len,
            }),
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                Err(e)
            }
        }
    }

    fn write_temp(
        &self,
        temp: &Path,
        key: &FileKey,
        plaintext: &mut dyn Read,
    ) -> StoreResult<(String, u64)> {
        let write_err = |e| StoreError::io("could not write an encrypted file", e);
        let mut file = File::create_new(temp).map_err(write_err)?;
        let nonce: [u8; NONCE_PREFIX_LEN] = random_bytes()?;
        file.write_all(MAGIC).map_err(write_err)?;
        file.write_all(&nonce).map_err(write_err)?;
        let mut encryptor =
            EncryptorBE32::from_aead(key.cipher(), GenericArray::from_slice(&nonce));
        let mut hasher = Sha256::new();
        let mut total = 0u64;
        let mut buffer = Zeroizing::new(Vec::with_capacity(CHUNK + TAG));
        let failed = |_| StoreError::io("encryption failed", io::Error::other("aead"));
        // The last chunk is always shorter than a full one (possibly empty), so a reader
        // knows it without looking ahead, and cutting at a chunk boundary is detected.
        loop {
            buffer.clear();
            let filled = fill(plaintext, &mut buffer, CHUNK)
                .map_err(|e| StoreError::io("could not read the file to encrypt", e))?;
            hasher.update(&buffer[..]);
            total += filled as u64;
            if filled < CHUNK {
                break;
            }
            encryptor
                .encrypt_next_in_place(b"", &mut *buffer)
                .map_err(failed)?;
            file.write_all(&buffer).map_err(write_err)?;
        }
        encryptor
            .encrypt_last_in_place(b"", &mut *buffer)
            .map_err(failed)?;
        file.write_all(&buffer).map_err(write_err)?;
        file.sync_all().map_err(write_err)?;
        Ok((hex::encode(hasher.finalize()), total))
    }

    /// Syncs the directory so renames and deletions survive a power cut.
    pub(crate) fn sync_dir(&self) -> StoreResult<()> {
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| StoreError::io("could not sync the files directory", e))
    }

    /// A streaming reader over a file's plaintext; fails with `InvalidData` on any tampering.
    pub(crate) fn open(&self, name: &str, key: &FileKey) -> StoreResult<DecryptingReader<File>> {
        let file = File::open(self.path(name)).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => StoreError::FileDamaged(format!("{name} (missing)")),
            _ => StoreError::io("could not open an encrypted file", e),
        })?;
        DecryptingReader::new(file, key).map_err(|_| StoreError::FileDamaged(name.to_string()))
    }

    /// Deletes files whose keys are already gone; a missing file is fine.
    pub(crate) fn delete(&self, names: &[String]) -> StoreResult<()> {
        for name in names {
            match std::fs::remove_file(self.path(name)) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::io("could not delete an encrypted file", e)),
            }
        }
        if !names.is_empty() {
            self.sync_dir()?;
        }
        Ok(())
    }

    /// Removes temporary files and files no record points at (left by a crash between
    /// writing a file and committing its record, or between a purge and its deletions).
    /// Returns how many were removed.
    pub(crate) fn remove_orphans(
        &self,
        referenced: &std::collections::HashSet<String>,
    ) -> StoreResult<usize> {
        let entries = std::fs::read_dir(&self.dir)
            .map_err(|e| StoreError::io("could not list the files directory", e))?;
        let mut orphans = Vec::new();
        for entry in entries {
            let entry =
                entry.map_err(|e| StoreError::io("could not list the files directory", e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = name.ends_with(TEMP_SUFFIX) || name.ends_with(&format!(".{EXTENSION}"));
            if ours && !referenced.contains(&name) {
                orphans.push(name);
            }
        }
        self.delete(&orphans)?;
        Ok(orphans.len())
    }
}

/// Reads until `limit` bytes are in `buffer` or the source ends.
fn fill(source: &mut dyn Read, buffer: &mut Vec<u8>, limit: usize) -> io::Result<usize> {
    let mut taken = source.take(limit as u64);
    taken.read_to_end(buffer)
}

/// Decrypts an encrypted file chunk by chunk as it is read.
pub struct DecryptingReader<R: Read> {
    source: R,
    decryptor: Option<DecryptorBE32<XChaCha20Poly1305>>,
    plain: Zeroizing<Vec<u8>>,
    position: usize,
}

impl<R: Read> DecryptingReader<R> {
    fn new(mut source: R, key: &FileKey) -> io::Result<Self> {
        let mut header = [0u8; HEADER_LEN];
        source.read_exact(&mut header)?;
        if &header[..MAGIC.len()] != MAGIC {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "not a Cunxin encrypted file",
            ));
        }
        let decryptor = DecryptorBE32::from_aead(
            key.cipher(),
            GenericArray::from_slice(&header[MAGIC.len()..]),
        );
        Ok(DecryptingReader {
            source,
            decryptor: Some(decryptor),
            plain: Zeroizing::new(Vec::with_capacity(CHUNK + TAG)),
            position: 0,
        })
    }

    fn next_chunk(&mut self) -> io::Result<()> {
        let Some(mut decryptor) = self.decryptor.take() else {
            return Ok(());
        };
        self.plain.clear();
        self.position = 0;
        let got = fill(&mut self.source, &mut self.plain, CHUNK + TAG)?;
        let damaged = || {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "the encrypted file is damaged or was tampered with",
            )
        };
        if got == CHUNK + TAG {
            decryptor
                .decrypt_next_in_place(b"", &mut *self.plain)
                .map_err(|_| damaged())?;
            self.decryptor = Some(decryptor);
        } else {
            decryptor
                .decrypt_last_in_place(b"", &mut *self.plain)
                .map_err(|_| damaged())?;
        }
        Ok(())
    }
}

impl<R: Read> Read for DecryptingReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.position == self.plain.len() {
            if self.decryptor.is_none() {
                return Ok(0);
            }
            self.next_chunk()?;
        }
        let n = out.len().min(self.plain.len() - self.position);
        out[..n].copy_from_slice(&self.plain[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

impl<R: Read> Drop for DecryptingReader<R> {
    fn drop(&mut self) {
        self.plain.zeroize();
    }
}
