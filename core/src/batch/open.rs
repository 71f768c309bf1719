//! Opening a batch on the bank's side, in the order a careful engineer would: check the
//! minisign signature against the trusted device keys (streaming), decrypt with the bank's
//! age identity, unpack into a temporary directory inside the output directory, check every
//! file against the manifest (hash, size, nothing missing, nothing extra, only plain
//! relative paths of regular files), and only then rename the directory into place as
//! `<out>/<batch id>`. Any failure removes the temporary directory: nothing is unpacked.

use super::error::BatchError;
use super::keys::{key_id, parse_signature};
use super::manifest::{
    FORMAT, MANIFEST_PATH, Manifest, SUMS_PATH, is_safe_batch_id, is_safe_path, is_sha256_hex,
    sha256sums,
};
use minisign::PublicKey;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// A signature file is a few hundred bytes.
const SIGNATURE_LIMIT: usize = 64 * 1024;
/// The manifest is read whole to parse it.
const MANIFEST_LIMIT: u64 = 256 * 1024 * 1024;
/// Zero padding allowed after the tar's end blocks (tar's record blocking is 10 KiB).
const TRAILING_ZEROS_LIMIT: u64 = 1024 * 1024;
const MAX_ENTRIES: usize = 10_000_000;

/// A verified, unpacked batch.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OpenedBatch {
    pub batch_id: String,
    /// `<out>/<batch id>`: the batch's files, as listed in the manifest.
    pub dir: PathBuf,
    pub manifest: Manifest,
    /// SHA-256 of `manifest.json` (what the platform's receipt names).
    pub manifest_sha256: String,
    /// The minisign key id of the device key that signed the batch.
    pub signer_key_id: String,
    /// The signature's trusted comment.
    pub trusted_comment: String,
    /// Files unpacked, `manifest.json` and `SHA256SUMS` included.
    pub files: usize,
    /// Their total size.
    pub bytes: u64,
}

/// Verifies, decrypts, checks and unpacks the batch file `batch` with its minisign
/// signature file `signature` into `<out_dir>/<batch id>`.
pub fn open_batch(
    batch: &Path,
    signature: &Path,
    trusted_keys: &[PublicKey],
    identities: &[age::x25519::Identity],
    out_dir: &Path,
) -> Result<OpenedBatch, BatchError> {
    let signature = read_limited(signature, SIGNATURE_LIMIT).map_err(|e| {
        BatchError::io(
            format!("could not read the signature file {}", signature.display()),
            e,
        )
    })?;
    let file = File::open(batch).map_err(|e| {
        BatchError::io(
            format!("could not read the batch file {}", batch.display()),
            e,
        )
    })?;
    open_batch_from(file, &signature, trusted_keys, identities, out_dir)
}

fn read_limited(path: &Path, limit: usize) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    File::open(path)?
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// [`open_batch`] over any seekable source (the batch is read twice: once for the
/// signature, once to decrypt).
pub fn open_batch_from<R: Read + Seek>(
    mut batch: R,
    signature: &[u8],
    trusted_keys: &[PublicKey],
    identities: &[age::x25519::Identity],
    out_dir: &Path,
) -> Result<OpenedBatch, BatchError> {
    // 1. The signature, before anything else is read.
    if signature.len() > SIGNATURE_LIMIT {
        return Err(BatchError::SignatureUnreadable);
    }
    let text = std::str::from_utf8(signature).map_err(|_| BatchError::SignatureUnreadable)?;
    let signature = parse_signature(text).ok_or(BatchError::SignatureUnreadable)?;
    if !signature.is_prehashed() {
        // Legacy (non-prehashed) signatures would make the verifier read the whole batch
        // into memory; minisign has not written them by default for years.
        return Err(BatchError::SignatureUnreadable);
    }
    let signer = trusted_keys
        .iter()
        .find(|k| k.keynum() == signature.keynum())
        .ok_or_else(|| BatchError::UnknownSigner {
            key_id: keynum_hex(signature.keynum()),
        })?;
    minisign::verify(signer, &signature, &mut batch, true, false, false).map_err(|e| {
        match e.kind() {
            minisign::ErrorKind::Io => BatchError::io(
                "could not read the batch file",
                io::Error::other(e.to_string()),
            ),
            _ => BatchError::BadSignature,
        }
    })?;
    let trusted_comment = signature
        .trusted_comment()
        .map_err(|_| BatchError::SignatureUnreadable)?;
    let claimed_id = batch_id_of(&trusted_comment)?;

    // 2. Decryption.
    batch
        .rewind()
        .map_err(|e| BatchError::io("could not read the batch file", e))?;
    let decryptor = age::Decryptor::new_buffered(BufReader::with_capacity(256 * 1024, batch))
        .map_err(|e| decrypt_error(&e))?;
    let payload = decryptor
        .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
        .map_err(|e| decrypt_error(&e))?;

    // 3. Unpack into a temporary directory beside the final one.
    let created_out_dir = !out_dir.exists();
    std::fs::create_dir_all(out_dir).map_err(|e| {
        BatchError::io(
            format!(
                "could not create the output directory {}",
                out_dir.display()
            ),
            e,
        )
    })?;
    let result = unpack_and_check(payload, signer, &claimed_id, &trusted_comment, out_dir);
    if result.is_err() && created_out_dir {
        let _ = std::fs::remove_dir(out_dir);
    }
    result
}

fn keynum_hex(keynum: &[u8]) -> String {
    let mut bytes = [0u8; 8];
    let n = keynum.len().min(8);
    bytes[..n].copy_from_slice(&keynum[..n]);
    format!("{:016X}", u64::from_le_bytes(bytes))
}

/// The batch id the signature's trusted comment names (`... cunxin-batch/1 batch:<id> ...`).
fn batch_id_of(trusted_comment: &str) -> Result<String, BatchError> {
    let not_a_batch = || {
        BatchError::NotABatch(
            "the signature is valid but does not name a Cunxin batch; check that the right files were given".into(),
        )
    };
    let mut tokens = trusted_comment.split_whitespace();
    if !tokens.clone().any(|t| t == FORMAT) {
        return Err(not_a_batch());
    }
    let id = tokens
        .find_map(|t| t.strip_prefix("batch:"))
        .ok_or_else(not_a_batch)?;
    if !is_safe_batch_id(id) {
        return Err(not_a_batch());
    }
    Ok(id.to_string())
}

fn decrypt_error(e: &age::DecryptError) -> BatchError {
    match e {
        age::DecryptError::NoMatchingKeys => BatchError::NotForIdentity,
        age::DecryptError::Io(_) => {
            BatchError::Decrypt("the encrypted file could not be read".into())
        }
        _ => BatchError::Decrypt("it is not a valid age file, or its header was altered".into()),
    }
}

/// Counts what the decrypted payload failed on, to tell a damaged ciphertext from a
/// malformed tar.
struct Payload<R> {
    inner: R,
    failed: bool,
}

impl<R: Read> Read for Payload<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        self.inner.read(out).inspect_err(|_| self.failed = true)
    }
}

fn shown(path: &str) -> String {
    let mut text: String = path.escape_debug().collect();
    if text.len() > 120 {
        let mut cut = 120;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
    text
}

fn unpack_and_check<R: Read>(
    payload: R,
    signer: &PublicKey,
    claimed_id: &str,
    trusted_comment: &str,
    out_dir: &Path,
) -> Result<OpenedBatch, BatchError> {
    let final_dir = out_dir.join(claimed_id);
    if final_dir.exists() {
        return Err(BatchError::AlreadyExists(final_dir.display().to_string()));
    }
    let temp = tempfile::Builder::new()
        .prefix(".opening-")
        .tempdir_in(out_dir)
        .map_err(|e| BatchError::io("could not create a temporary directory", e))?;
    let mut payload = Payload {
        inner: payload,
        failed: false,
    };
    let unpacked = unpack(&mut payload, temp.path());
    let entries = match unpacked {
        Err(_) if payload.failed => {
            return Err(BatchError::Decrypt(
                "the encrypted payload is damaged or was altered".into(),
            ));
        }
        other => other?,
    };
    let (manifest, manifest_sha256) = check(temp.path(), &entries, signer, claimed_id)?;
    std::fs::rename(temp.path(), &final_dir).map_err(|e| {
        BatchError::io(
            format!("could not move the batch into {}", final_dir.display()),
            e,
        )
    })?;
    let _ = temp.keep();
    Ok(OpenedBatch {
        batch_id: manifest.batch_id.clone(),
        dir: final_dir,
        manifest,
        manifest_sha256,
        signer_key_id: key_id(signer),
        trusted_comment: trusted_comment.to_string(),
        files: entries.len(),
        bytes: entries.values().map(|(_, size)| size).sum(),
    })
}

/// Writes every entry under `root`, hashing it; returns path → (sha256, size).
fn unpack<R: Read>(
    payload: &mut R,
    root: &Path,
) -> Result<BTreeMap<String, (String, u64)>, BatchError> {
    let archive_err = |what: &str| BatchError::Archive(what.to_string());
    let mut seen = BTreeMap::new();
    let mut archive = tar::Archive::new(&mut *payload);
    {
        let entries = archive
            .entries()
            .map_err(|_| archive_err("it cannot be read as a tar archive"))?
            .raw(true);
        let mut buffer = vec![0u8; 64 * 1024];
        for entry in entries {
            let mut entry = entry.map_err(|_| {
                archive_err("an entry's header is invalid, or the archive ends early")
            })?;
            let path = String::from_utf8(entry.path_bytes().into_owned())
                .map_err(|_| archive_err("an entry's path is not UTF-8 text"))?;
            let kind = entry.header().entry_type();
            if !kind.is_file() {
                return Err(BatchError::Archive(format!(
                    "the entry {} is not a regular file (links, directories and special files are refused)",
                    shown(&path)
                )));
            }
            if !is_safe_path(&path) {
                return Err(BatchError::Archive(format!(
                    "the entry {} has an unsafe path (absolute, with `..`, or with unusual characters)",
                    shown(&path)
                )));
            }
            if seen.contains_key(&path) {
                return Err(BatchError::Archive(format!(
                    "the entry {} appears twice",
                    shown(&path)
                )));
            }
            if seen.len() >= MAX_ENTRIES {
                return Err(archive_err("it has too many entries"));
            }
            let size = entry.size();
            let target = root.join(&path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|_| {
                    BatchError::Archive(format!(
                        "the entry {} is inside a path that is a file",
                        shown(&path)
                    ))
                })?;
            }
            let write_err = |e| BatchError::io("could not write an unpacked file", e);
            let mut file = File::create_new(&target).map_err(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists
                    || e.kind() == io::ErrorKind::IsADirectory
                {
                    BatchError::Archive(format!(
                        "the entry {} clashes with another entry",
                        shown(&path)
                    ))
                } else {
                    write_err(e)
                }
            })?;
            let mut hasher = Sha256::new();
            let mut count = 0u64;
            loop {
                let n = entry.read(&mut buffer).map_err(|_| {
                    archive_err("an entry's data cannot be read, or the archive ends early")
                })?;
                if n == 0 {
                    break;
                }
                hasher.update(&buffer[..n]);
                file.write_all(&buffer[..n]).map_err(write_err)?;
                count += n as u64;
            }
            if count != size {
                return Err(BatchError::Archive(format!(
                    "the entry {} ends early",
                    shown(&path)
                )));
            }
            file.flush().map_err(write_err)?;
            seen.insert(path, (hex::encode(hasher.finalize()), size));
        }
    }
    // What follows the tar's end blocks must be zero padding; reading it to the end also
    // makes age authenticate the last chunk.
    let rest = archive.into_inner();
    let mut buffer = [0u8; 8192];
    let mut total = 0u64;
    loop {
        let n = rest
            .read(&mut buffer)
            .map_err(|_| archive_err("it cannot be read to its end"))?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > TRAILING_ZEROS_LIMIT || buffer[..n].iter().any(|&b| b != 0) {
            return Err(archive_err("there is data after the end of the archive"));
        }
    }
    Ok(seen)
}

/// Checks the unpacked files against the manifest and `SHA256SUMS`.
fn check(
    root: &Path,
    entries: &BTreeMap<String, (String, u64)>,
    signer: &PublicKey,
    claimed_id: &str,
) -> Result<(Manifest, String), BatchError> {
    let manifest_err = |what: &str| BatchError::Manifest(what.to_string());
    let Some((manifest_sha256, manifest_size)) = entries.get(MANIFEST_PATH) else {
        return Err(BatchError::Mismatch(format!(
            "the batch has no {MANIFEST_PATH}"
        )));
    };
    if *manifest_size > MANIFEST_LIMIT {
        return Err(manifest_err("it is too large"));
    }
    let bytes = std::fs::read(root.join(MANIFEST_PATH))
        .map_err(|e| BatchError::io("could not read the unpacked manifest", e))?;
    let manifest: Manifest = serde_json::from_slice(&bytes)
        .map_err(|_| manifest_err("it is not a Cunxin batch manifest (JSON)"))?;
    drop(bytes);
    if manifest.format != FORMAT {
        return Err(BatchError::Manifest(format!(
            "its format is {}, this Cunxin reads {FORMAT}; update Cunxin",
            shown(&manifest.format)
        )));
    }
    if manifest.batch_id != claimed_id {
        return Err(BatchError::Mismatch(
            "the manifest's batch id differs from the one the signature names".into(),
        ));
    }
    if manifest.device.public_key != signer.to_base64() {
        return Err(BatchError::Mismatch(format!(
            "the manifest names device key {} but the batch was signed by key {}",
            shown(&manifest.device.key_id),
            key_id(signer)
        )));
    }
    let mut listed = BTreeSet::new();
    for file in &manifest.files {
        if !is_safe_path(&file.path) || file.path == MANIFEST_PATH || file.path == SUMS_PATH {
            return Err(BatchError::Manifest(format!(
                "it lists an unsafe or reserved path {}",
                shown(&file.path)
            )));
        }
        if !is_sha256_hex(&file.sha256) {
            return Err(BatchError::Manifest(format!(
                "the hash of {} is not a SHA-256",
                shown(&file.path)
            )));
        }
        if !listed.insert(file.path.as_str()) {
            return Err(BatchError::Manifest(format!(
                "it lists {} twice",
                shown(&file.path)
            )));
        }
        match entries.get(&file.path) {
            None => {
                return Err(BatchError::Mismatch(format!(
                    "{} is listed in the manifest but missing from the batch",
                    shown(&file.path)
                )));
            }
            Some((_, size)) if *size != file.size => {
                return Err(BatchError::Mismatch(format!(
                    "{} has {size} bytes, the manifest says {}",
                    shown(&file.path),
                    file.size
                )));
            }
            Some((sha, _)) if *sha != file.sha256 => {
                return Err(BatchError::Mismatch(format!(
                    "the SHA-256 of {} differs from the manifest's",
                    shown(&file.path)
                )));
            }
            Some(_) => {}
        }
    }
    for household in &manifest.households {
        if !listed.contains(household.record.as_str()) {
            return Err(BatchError::Manifest(format!(
                "a household's record {} is not among its files",
                shown(&household.record)
            )));
        }
    }
    if let Some(extra) = entries
        .keys()
        .find(|p| !listed.contains(p.as_str()) && *p != MANIFEST_PATH && *p != SUMS_PATH)
    {
        return Err(BatchError::Mismatch(format!(
            "{} is in the batch but not in the manifest",
            shown(extra)
        )));
    }
    let expected_sums = sha256sums(&manifest.files, manifest_sha256);
    let sums_ok = match entries.get(SUMS_PATH) {
        Some((sha, size)) => {
            *size == expected_sums.len() as u64
                && *sha == hex::encode(Sha256::digest(expected_sums.as_bytes()))
        }
        None => false,
    };
    if !sums_ok {
        return Err(BatchError::Mismatch(format!(
            "{SUMS_PATH} is missing or disagrees with the manifest"
        )));
    }
    Ok((manifest, manifest_sha256.clone()))
}
