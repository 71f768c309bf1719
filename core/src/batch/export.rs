//! USB export: sealed batches, their signatures, the device's public key and a short
//! plain-text README for the recipient, copied to a directory (removable media). Every copy
//! is synced and read back against the source's hash before the store records the export.

use super::device::DeviceIdentity;
use super::error::BatchError;
use super::manifest::is_safe_batch_id;
use super::seal::{BATCH_SUFFIX, SIGNATURE_SUFFIX, batch_file_name, sync_dir, write_durably};
use crate::model::LifecycleState;
use crate::store::Store;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

pub const DEVICE_KEY_FILE: &str = "device.pub";
pub const README_FILE: &str = "README.txt";
/// How an export to removable media is named in the store's audit trail.
pub const USB_DESTINATION: &str = "usb";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExportedBatch {
    pub batch_id: String,
    /// File names written in the export directory for this batch.
    pub files: Vec<String>,
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExportReport {
    pub dir: PathBuf,
    pub batches: Vec<ExportedBatch>,
    pub device_id: String,
    pub key_id: String,
}

/// Copies batches from `from` (where sealing wrote them) to `to`: the one named by `only`,
/// or else every batch whose households are still sealed in it (not yet uploaded).
pub fn export_batches(
    store: &mut Store,
    from: &Path,
    to: &Path,
    only: Option<&str>,
) -> Result<ExportReport, BatchError> {
    let ids = match only {
        Some(id) => {
            if !is_safe_batch_id(id) || !from.join(batch_file_name(id)).is_file() {
                return Err(BatchError::Export(format!(
                    "there is no batch {id} in {}; give a batch id that `cunxin batch seal` printed",
                    from.display()
                )));
            }
            vec![id.to_string()]
        }
        None => waiting_batches(store, from)?,
    };
    if ids.is_empty() {
        return Err(BatchError::Export(format!(
            "there are no sealed batches waiting in {}; seal one first (cunxin batch seal)",
            from.display()
        )));
    }
    let device = DeviceIdentity::load_or_create(store)?;
    std::fs::create_dir_all(to).map_err(|e| {
        BatchError::io(
            format!("could not create the export directory {}", to.display()),
            e,
        )
    })?;
    write_durably(
        &to.join(DEVICE_KEY_FILE),
        device.public_key_text().as_bytes(),
    )?;

    let mut batches = Vec::new();
    for id in ids {
        let name = batch_file_name(&id);
        let signature = format!("{name}{SIGNATURE_SUFFIX}");
        let mut bytes = 0;
        let mut written = Vec::new();
        for file in [&name, &signature] {
            match copy_verified(&from.join(file), &to.join(file)) {
                Ok(n) => {
                    bytes += n;
                    written.push(file.clone());
                }
                Err(e) => {
                    remove_all(to, &written);
                    return Err(e);
                }
            }
        }
        sync_dir(to)?;
        if let Err(e) = store.record_export(&id, USB_DESTINATION) {
            remove_all(to, &written);
            return Err(e.into());
        }
        batches.push(ExportedBatch {
            batch_id: id,
            files: written,
            bytes,
        });
    }
    write_durably(&to.join(README_FILE), readme(&device, to).as_bytes())?;
    sync_dir(to)?;
    Ok(ExportReport {
        dir: to.to_path_buf(),
        batches,
        device_id: device.device_id.clone(),
        key_id: device.key_id(),
    })
}

fn remove_all(dir: &Path, names: &[String]) {
    for name in names {
        let _ = std::fs::remove_file(dir.join(name));
    }
}

/// Batches in `dir` with at least one household still sealed in them.
pub(crate) fn waiting_batches(store: &Store, dir: &Path) -> Result<Vec<String>, BatchError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(BatchError::io(
                format!("could not list the batch directory {}", dir.display()),
                e,
            ));
        }
    };
    let mut ids = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            BatchError::io(
                format!("could not list the batch directory {}", dir.display()),
                e,
            )
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(BATCH_SUFFIX) else {
            continue;
        };
        if !is_safe_batch_id(id) {
            continue;
        }
        let Ok(households) = store.batch_households(id) else {
            continue;
        };
        let mut waiting = false;
        for h in &households {
            if let LifecycleState::Sealed { batch } = store.household(h)?.state
                && batch == id
            {
                waiting = true;
                break;
            }
        }
        if waiting {
            ids.push(id.to_string());
        }
    }
    ids.sort();
    Ok(ids)
}

fn hash_file(path: &Path) -> io::Result<(String, u64)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        total += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), total))
}

/// Copies through a temporary name, syncs, renames, then reads the copy back and compares.
fn copy_verified(from: &Path, to: &Path) -> Result<u64, BatchError> {
    let temp = PathBuf::from(format!("{}.partial", to.display()));
    let copied = (|| -> io::Result<(String, u64)> {
        let mut source = File::open(from)?;
        let mut target = File::create(&temp)?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 256 * 1024];
        let mut total = 0u64;
        loop {
            let n = source.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            target.write_all(&buffer[..n])?;
            total += n as u64;
        }
        target.sync_all()?;
        std::fs::rename(&temp, to)?;
        Ok((hex::encode(hasher.finalize()), total))
    })();
    let (sha, size) = copied.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        BatchError::io(
            format!("could not copy {} to {}", from.display(), to.display()),
            e,
        )
    })?;
    let read_back = hash_file(to)
        .map_err(|e| BatchError::io(format!("could not read back {}", to.display()), e))?;
    if read_back != (sha, size) {
        let _ = std::fs::remove_file(to);
        return Err(BatchError::Export(format!(
            "the copy {} does not read back as written; the medium may be failing, use another one",
            to.display()
        )));
    }
    Ok(size)
}

fn readme(device: &DeviceIdentity, dir: &Path) -> String {
    let mut batches: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(BATCH_SUFFIX))
                .collect()
        })
        .unwrap_or_default();
    batches.sort();
    let example = batches
        .first()
        .cloned()
        .unwrap_or_else(|| format!("BATCH{BATCH_SUFFIX}"));
    let example_id = example.trim_end_matches(BATCH_SUFFIX);
    let list: String = batches.iter().map(|b| format!("  {b}\n")).collect();
    format!(
        "Cunxin (村信) batches from device {device_id}
村信入户采集批次文件 — 请用下述命令验证签名、解密并核对哈希。

Each batch is a tar archive encrypted with age to the bank's key (<batch>{BATCH_SUFFIX}),
signed with the device's minisign key (<batch>{BATCH_SUFFIX}{SIGNATURE_SUFFIX}).
The device's public key is in {DEVICE_KEY_FILE}; its key id is {key_id}. Confirm the key id
with the branch before you trust {DEVICE_KEY_FILE}.

Verify and open a batch with standard tools (minisign, age, tar, sha256sum):

  minisign -Vm {example} -p {DEVICE_KEY_FILE}
  mkdir {example_id}
  age -d -i bank.key {example} | tar -x -C {example_id}
  cd {example_id} && sha256sum -c SHA256SUMS

or in one step with Cunxin, which unpacks nothing unless every check passes:

  cunxin batch open {example} --identity bank.key --signer {DEVICE_KEY_FILE} --out DIR

Inside: manifest.json (the households, every file with its SHA-256 and size, the scorecard
versions, and previous_batch_id: the batch this device sealed before, so a gap shows a
missing batch), SHA256SUMS, and households/NNNN/ with record.json, photos and signatures.

Batches here:
{list}",
        device_id = device.device_id,
        key_id = device.key_id(),
    )
}
