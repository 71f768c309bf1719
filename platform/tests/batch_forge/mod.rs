//! Batches as a registered device could make them by hand: a real sealed batch decrypted,
//! its files changed, its manifest and `SHA256SUMS` written to match, encrypted to the bank
//! and signed with the device's own key — valid in every way the opener checks, so what the
//! platform does next is about the content.
#![allow(dead_code)]

use cunxin_core::batch::manifest::{MANIFEST_PATH, ManifestFile, SUMS_PATH, sha256sums};
use cunxin_core::batch::{Manifest, SealedBatch, SigningKey, parse_identities};
use cunxin_core::store::Store;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub struct Forged {
    /// Every file but the manifest and `SHA256SUMS`, in tar order.
    pub files: Vec<(String, Vec<u8>)>,
    pub manifest: Manifest,
}

pub fn device_key(store: &Store) -> SigningKey {
    SigningKey::from_secret_key_text(&store.setting("device_secret_key").unwrap().unwrap()).unwrap()
}

pub fn bank_identity(path: &Path) -> age::x25519::Identity {
    let text = std::fs::read_to_string(path).unwrap();
    parse_identities(&text, "bank").unwrap().remove(0)
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Forged {
    /// The files of a sealed batch.
    pub fn of(sealed: &SealedBatch, identity: &age::x25519::Identity) -> Forged {
        let encrypted = std::fs::read(&sealed.path).unwrap();
        let mut tar_bytes = Vec::new();
        age::Decryptor::new_buffered(&encrypted[..])
            .unwrap()
            .decrypt(std::iter::once(identity as &dyn age::Identity))
            .unwrap()
            .read_to_end(&mut tar_bytes)
            .unwrap();
        let mut files = Vec::new();
        let mut manifest = None;
        let mut archive = tar::Archive::new(&tar_bytes[..]);
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            let path = entry.path().unwrap().to_string_lossy().into_owned();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            match path.as_str() {
                MANIFEST_PATH => manifest = Some(serde_json::from_slice(&data).unwrap()),
                SUMS_PATH => {}
                _ => files.push((path, data)),
            }
        }
        Forged {
            files,
            manifest: manifest.unwrap(),
        }
    }

    /// Replaces (or adds) a file, and its line in the manifest.
    pub fn set(&mut self, path: &str, bytes: Vec<u8>) {
        let line = ManifestFile {
            path: path.to_string(),
            sha256: sha(&bytes),
            size: bytes.len() as u64,
        };
        match self.manifest.files.iter_mut().find(|f| f.path == path) {
            Some(f) => *f = line,
            None => self.manifest.files.push(line),
        }
        match self.files.iter_mut().find(|(p, _)| p == path) {
            Some((_, data)) => *data = bytes,
            None => self.files.push((path.to_string(), bytes)),
        }
    }

    pub fn file(&self, path: &str) -> &[u8] {
        &self.files.iter().find(|(p, _)| p == path).unwrap().1
    }

    /// The record of the batch's `n`th household, as JSON.
    pub fn record(&self, n: usize) -> serde_json::Value {
        serde_json::from_slice(self.file(&self.manifest.households[n].record)).unwrap()
    }

    pub fn set_record(&mut self, n: usize, bytes: Vec<u8>) {
        let path = self.manifest.households[n].record.clone();
        self.set(&path, bytes);
    }

    /// Writes `<dir>/<batch id>.tar.age` and its signature, signed with `key`.
    pub fn seal(
        &self,
        recipient: &age::x25519::Recipient,
        key: &SigningKey,
        dir: &Path,
    ) -> (PathBuf, Vec<u8>) {
        let mut builder = tar::Builder::new(Vec::new());
        let mut add = |path: &str, data: &[u8]| {
            let mut header = tar::Header::new_ustar();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_entry_type(tar::EntryType::Regular);
            builder.append_data(&mut header, path, data).unwrap();
        };
        for (path, data) in &self.files {
            add(path, data);
        }
        let manifest = serde_json::to_vec_pretty(&self.manifest).unwrap();
        let sums = sha256sums(&self.manifest.files, &sha(&manifest));
        add(MANIFEST_PATH, &manifest);
        add(SUMS_PATH, sums.as_bytes());
        let tar_bytes = builder.into_inner().unwrap();
        let mut encrypted = Vec::new();
        let mut writer =
            age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
                .unwrap()
                .wrap_output(&mut encrypted)
                .unwrap();
        writer.write_all(&tar_bytes).unwrap();
        writer.finish().unwrap();
        let signature = key
            .sign(
                &encrypted[..],
                &format!(
                    "timestamp:0 cunxin-batch/1 batch:{} device:{} households:{}",
                    self.manifest.batch_id,
                    self.manifest.device.device_id,
                    self.manifest.households.len()
                ),
                "forged for a test",
            )
            .unwrap();
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join(format!("{}.tar.age", self.manifest.batch_id));
        std::fs::write(&path, &encrypted).unwrap();
        std::fs::write(format!("{}.minisig", path.display()), &signature).unwrap();
        (path, signature.into_bytes())
    }
}
