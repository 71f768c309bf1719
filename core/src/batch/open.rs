//! Opening a batch on the bank's side, in the order a careful engineer would: check the
//! minisign signature against the trusted device keys (streaming), decrypt with the bank's
//! age identity, unpack into a temporary directory inside the output directory, check every
//! file against the manifest (hash, size, nothing missing, nothing extra, only plain
//! relative paths of regular files), and only then rename the directory into place as
//! `<out>/<batch id>`. Any failure removes the temporary directory: nothing is unpacked.
//!
//! Where the files go is the caller's: [`open_batch`] writes them in clear for a bank
//! engineer who asked for that; the platform gives [`open_batch_into`] an [`UnpackTarget`]
//! that keeps them encrypted at rest. Either way the work is bounded before it is done:
//! [`MAX_FILES`] entries, a manifest of at most [`MANIFEST_LIMIT`] bytes, each household
//! listed once.

use super::error::BatchError;
use super::keys::{key_id, parse_signature};
use super::manifest::{
    FORMAT, MANIFEST_LIMIT, MANIFEST_PATH, MAX_FILES, Manifest, SUMS_PATH, is_safe_batch_id,
    is_safe_path, is_sha256_hex, sha256sums,
};
use minisign::PublicKey;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// A signature file is a few hundred bytes.
const SIGNATURE_LIMIT: usize = 64 * 1024;
/// Zero padding allowed after the tar's end blocks (tar's record blocking is 10 KiB).
const TRAILING_ZEROS_LIMIT: u64 = 1024 * 1024;
/// `SHA256SUMS` is a line of at most ~310 bytes per file.
const SUMS_LIMIT: u64 = (MAX_FILES as u64 + 1) * 320;

/// Where the files of a batch go while it is opened. Each entry comes once, with a safe
/// relative path ([`is_safe_path`]) not seen before; everything is checked against the
/// manifest only after the last one, so a target must not treat them as trusted before
/// [`open_batch_into`] returns.
pub trait UnpackTarget {
    /// Stores the entry at `path`, reading its bytes from `data` to the end. An error that
    /// `data` returns is the archive's (damaged, cut short): pass it on.
    fn store(&mut self, path: &str, data: &mut dyn Read) -> io::Result<()>;
}

/// A batch whose signature, encryption and every file were checked against its manifest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VerifiedBatch {
    pub batch_id: String,
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

/// A verified batch, unpacked in clear under `dir`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OpenedBatch {
    /// `<out>/<batch id>`: the batch's files, as listed in the manifest.
    pub dir: PathBuf,
    #[serde(flatten)]
    pub batch: VerifiedBatch,
}

impl std::ops::Deref for OpenedBatch {
    type Target = VerifiedBatch;
    fn deref(&self) -> &VerifiedBatch {
        &self.batch
    }
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
    let signed = verify_signature(&mut batch, signature, trusted_keys)?;
    let payload = decrypt(batch, identities)?;
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
    let result = unpack_into_dir(payload, &signed, out_dir);
    if result.is_err() && created_out_dir {
        let _ = std::fs::remove_dir(out_dir);
    }
    result
}

/// Verifies and decrypts the batch like [`open_batch_from`], handing each file to `target`
/// as it is unpacked, then checks them all against the manifest. On `Err` the target may
/// hold some of the files: discard them.
pub fn open_batch_into<R: Read + Seek>(
    mut batch: R,
    signature: &[u8],
    trusted_keys: &[PublicKey],
    identities: &[age::x25519::Identity],
    target: &mut dyn UnpackTarget,
) -> Result<VerifiedBatch, BatchError> {
    let signed = verify_signature(&mut batch, signature, trusted_keys)?;
    let payload = decrypt(batch, identities)?;
    unpack_and_check(payload, &signed, target)
}

/// What the signature established.
struct Signed<'k> {
    signer: &'k PublicKey,
    trusted_comment: String,
    claimed_id: String,
}

/// 1. The signature, before anything else is read.
fn verify_signature<'k, R: Read + Seek>(
    batch: &mut R,
    signature: &[u8],
    trusted_keys: &'k [PublicKey],
) -> Result<Signed<'k>, BatchError> {
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
    minisign::verify(signer, &signature, &mut *batch, true, false, false).map_err(|e| {
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
    Ok(Signed {
        signer,
        trusted_comment,
        claimed_id,
    })
}

/// 2. Decryption (streaming: the payload is authenticated chunk by chunk as it is read).
fn decrypt<R: Read + Seek>(
    mut batch: R,
    identities: &[age::x25519::Identity],
) -> Result<impl Read, BatchError> {
    batch
        .rewind()
        .map_err(|e| BatchError::io("could not read the batch file", e))?;
    let decryptor = age::Decryptor::new_buffered(BufReader::with_capacity(256 * 1024, batch))
        .map_err(|e| decrypt_error(&e))?;
    decryptor
        .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
        .map_err(|e| decrypt_error(&e))
}

pub(crate) fn keynum_hex(keynum: &[u8]) -> String {
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

/// 3. Unpack into a temporary directory beside the final one, check, rename into place.
fn unpack_into_dir<R: Read>(
    payload: R,
    signed: &Signed,
    out_dir: &Path,
) -> Result<OpenedBatch, BatchError> {
    let final_dir = out_dir.join(&signed.claimed_id);
    if final_dir.exists() {
        return Err(BatchError::AlreadyExists(final_dir.display().to_string()));
    }
    let temp = tempfile::Builder::new()
        .prefix(".opening-")
        .tempdir_in(out_dir)
        .map_err(|e| BatchError::io("could not create a temporary directory", e))?;
    let verified = unpack_and_check(
        payload,
        signed,
        &mut DirTarget {
            root: temp.path().to_path_buf(),
        },
    )?;
    std::fs::rename(temp.path(), &final_dir).map_err(|e| {
        BatchError::io(
            format!("could not move the batch into {}", final_dir.display()),
            e,
        )
    })?;
    let _ = temp.keep();
    Ok(OpenedBatch {
        dir: final_dir,
        batch: verified,
    })
}

/// Files in clear under a directory, as `tar -x` would write them.
struct DirTarget {
    root: PathBuf,
}

impl UnpackTarget for DirTarget {
    fn store(&mut self, path: &str, data: &mut dyn Read) -> io::Result<()> {
        let target = self.root.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut file = File::create_new(&target)?;
        io::copy(data, &mut file)?;
        file.flush()
    }
}

fn unpack_and_check<R: Read>(
    payload: R,
    signed: &Signed,
    target: &mut dyn UnpackTarget,
) -> Result<VerifiedBatch, BatchError> {
    let mut payload = Payload {
        inner: payload,
        failed: false,
    };
    let unpacked = unpack(&mut payload, target);
    let unpacked = match unpacked {
        Err(_) if payload.failed => {
            return Err(BatchError::Decrypt(
                "the encrypted payload is damaged or was altered".into(),
            ));
        }
        other => other?,
    };
    let (manifest, manifest_sha256) = check(&unpacked, signed.signer, &signed.claimed_id)?;
    Ok(VerifiedBatch {
        batch_id: manifest.batch_id.clone(),
        manifest,
        manifest_sha256,
        signer_key_id: key_id(signed.signer),
        trusted_comment: signed.trusted_comment.clone(),
        files: unpacked.entries.len(),
        bytes: unpacked.entries.values().map(|(_, size)| size).sum(),
    })
}

/// What unpacking saw: every entry's hash and size, and the manifest and `SHA256SUMS`
/// themselves (kept in memory to be checked).
struct Unpacked {
    entries: BTreeMap<String, (String, u64)>,
    manifest: Option<Vec<u8>>,
}

/// An entry's bytes on their way to the target: hashed and counted, and a read failure
/// (the archive's) told apart from the target's own.
struct Hashing<'a, R> {
    inner: &'a mut R,
    hasher: Sha256,
    count: u64,
    failed: bool,
}

impl<R: Read> Read for Hashing<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out).inspect_err(|_| self.failed = true)?;
        self.hasher.update(&out[..n]);
        self.count += n as u64;
        Ok(n)
    }
}

/// Hands every entry to `target`, hashing it; returns path → (sha256, size).
fn unpack<R: Read>(payload: &mut R, target: &mut dyn UnpackTarget) -> Result<Unpacked, BatchError> {
    let archive_err = |what: &str| BatchError::Archive(what.to_string());
    let mut seen = BTreeMap::new();
    let mut manifest = None;
    let mut archive = tar::Archive::new(&mut *payload);
    {
        let entries = archive
            .entries()
            .map_err(|_| archive_err("it cannot be read as a tar archive"))?
            .raw(true);
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
            if seen.len() >= MAX_FILES + 2 {
                return Err(BatchError::Archive(format!(
                    "it has more than {MAX_FILES} files, more than one batch may hold; seal the households in several batches"
                )));
            }
            let size = entry.size();
            let (sha, count) = if path == MANIFEST_PATH || path == SUMS_PATH {
                // Read whole (bounded) to be checked, then stored like any other file.
                let limit = if path == MANIFEST_PATH {
                    MANIFEST_LIMIT
                } else {
                    SUMS_LIMIT
                };
                if size > limit {
                    return Err(BatchError::Manifest(format!(
                        "{path} has {size} bytes, more than the {limit} a batch may have"
                    )));
                }
                let mut bytes = Vec::with_capacity(size as usize);
                (&mut entry)
                    .take(limit)
                    .read_to_end(&mut bytes)
                    .map_err(|_| {
                        archive_err("an entry's data cannot be read, or the archive ends early")
                    })?;
                store_entry_result(target.store(&path, &mut &bytes[..]), &path, false)?;
                let sha = hex::encode(Sha256::digest(&bytes));
                let count = bytes.len() as u64;
                if path == MANIFEST_PATH {
                    manifest = Some(bytes);
                }
                (sha, count)
            } else {
                let mut hashing = Hashing {
                    inner: &mut entry,
                    hasher: Sha256::new(),
                    count: 0,
                    failed: false,
                };
                let stored = target.store(&path, &mut hashing);
                let failed = hashing.failed;
                store_entry_result(stored, &path, failed)?;
                (hex::encode(hashing.hasher.finalize()), hashing.count)
            };
            if count != size {
                return Err(BatchError::Archive(format!(
                    "the entry {} ends early",
                    shown(&path)
                )));
            }
            seen.insert(path, (sha, size));
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
    Ok(Unpacked {
        entries: seen,
        manifest,
    })
}

/// Names what went wrong storing an entry: the archive's data, a clash between entries
/// (`a` and `a/b`), or the target's own trouble (a full disk).
fn store_entry_result(
    stored: io::Result<()>,
    path: &str,
    read_failed: bool,
) -> Result<(), BatchError> {
    let Err(e) = stored else { return Ok(()) };
    if read_failed {
        return Err(BatchError::Archive(
            "an entry's data cannot be read, or the archive ends early".into(),
        ));
    }
    match e.kind() {
        io::ErrorKind::AlreadyExists
        | io::ErrorKind::IsADirectory
        | io::ErrorKind::NotADirectory => Err(BatchError::Archive(format!(
            "the entry {} clashes with another entry",
            shown(path)
        ))),
        _ => Err(BatchError::io("could not write an unpacked file", e)),
    }
}

/// Checks the unpacked files against the manifest and `SHA256SUMS`.
fn check(
    unpacked: &Unpacked,
    signer: &PublicKey,
    claimed_id: &str,
) -> Result<(Manifest, String), BatchError> {
    let manifest_err = |what: &str| BatchError::Manifest(what.to_string());
    let entries = &unpacked.entries;
    let (Some((manifest_sha256, _)), Some(bytes)) =
        (entries.get(MANIFEST_PATH), unpacked.manifest.as_ref())
    else {
        return Err(BatchError::Mismatch(format!(
            "the batch has no {MANIFEST_PATH}"
        )));
    };
    let manifest: Manifest = serde_json::from_slice(bytes)
        .map_err(|_| manifest_err("it is not a Cunxin batch manifest (JSON)"))?;
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
    let mut households = BTreeSet::new();
    let mut records = BTreeSet::new();
    for household in &manifest.households {
        if !households.insert(&household.id) {
            return Err(BatchError::Manifest(format!(
                "it lists household {} twice",
                shown(&crate::store::masked_household(&household.id))
            )));
        }
        if !records.insert(household.record.as_str()) {
            return Err(BatchError::Manifest(format!(
                "two households share the record {}",
                shown(&household.record)
            )));
        }
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
