//! Opening a work package: the signature first (streamed, with the platform key), then
//! age decryption with the device's key, then the tar read into memory within bounds and
//! every file checked against the manifest. Nothing is written anywhere.

use super::error::PackageError;
use super::manifest::{FORMAT, KNOWN_FILES, MANIFEST_FILE, PackageManifest, is_plain_id};
use crate::batch::key_id;
use minisign::PublicKey;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

/// A signature file is a few hundred bytes.
const SIGNATURE_LIMIT: u64 = 64 * 1024;
/// A grid's roster and records: a 5,000-person roster is about 1 MB.
const CONTENT_LIMIT: u64 = 64 << 20;
const ENTRY_LIMIT: usize = 16;

/// A package whose signature, encryption and files were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedPackage {
    pub manifest: PackageManifest,
    /// Each file's bytes by name, the manifest's own excepted.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The minisign key id of the platform key that signed it.
    pub signer_key_id: String,
}

/// Verifies `package` (`….tar.age`) with its `signature` (`….minisig`) against the
/// platform key, decrypts it with the device's `identity` and checks its files.
pub fn open_package(
    package: &Path,
    signature: &Path,
    platform_key: &PublicKey,
    identity: &age::x25519::Identity,
) -> Result<OpenedPackage, PackageError> {
    let mut signature_text = String::new();
    File::open(signature)
        .and_then(|f| f.take(SIGNATURE_LIMIT).read_to_string(&mut signature_text))
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => PackageError::SignatureUnreadable,
            _ => PackageError::io(
                format!("could not read the signature file {}", signature.display()),
                e,
            ),
        })?;
    let mut file = File::open(package).map_err(|e| {
        PackageError::io(
            format!("could not read the package file {}", package.display()),
            e,
        )
    })?;
    verify(&mut file, &signature_text, platform_key)?;
    file.rewind()
        .map_err(|e| PackageError::io("could not read the package file", e))?;
    let mut files = read_tar(decrypt(file, identity)?)?;
    let manifest = check_manifest(&mut files)?;
    Ok(OpenedPackage {
        manifest,
        files,
        signer_key_id: key_id(platform_key),
    })
}

fn verify(file: &mut File, signature: &str, key: &PublicKey) -> Result<(), PackageError> {
    let signature = crate::batch::parse_signature(signature)
        .filter(|s| s.is_prehashed())
        .ok_or(PackageError::SignatureUnreadable)?;
    if signature.keynum() != key.keynum() {
        return Err(PackageError::UnknownSigner {
            key_id: crate::batch::keynum_hex(signature.keynum()),
        });
    }
    minisign::verify(key, &signature, file, true, false, false).map_err(|e| match e.kind() {
        minisign::ErrorKind::Io => PackageError::io(
            "could not read the package file",
            std::io::Error::other(e.to_string()),
        ),
        _ => PackageError::BadSignature,
    })
}

fn decrypt(file: File, identity: &age::x25519::Identity) -> Result<impl Read, PackageError> {
    let decryptor = age::Decryptor::new_buffered(BufReader::new(file))
        .map_err(|_| PackageError::Damaged("it is not an age file".into()))?;
    decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => PackageError::NotForThisDevice,
            _ => PackageError::Damaged("its encryption header is damaged".into()),
        })
}

/// Every entry of the tar: plain files with plain names, each once, within bounds.
fn read_tar(payload: impl Read) -> Result<BTreeMap<String, Vec<u8>>, PackageError> {
    let damaged = |_| PackageError::Damaged("the encrypted content is cut short or damaged".into());
    let mut archive = tar::Archive::new(payload.take(CONTENT_LIMIT + 1));
    let mut files = BTreeMap::new();
    let mut total = 0u64;
    for entry in archive.entries().map_err(damaged)? {
        let mut entry = entry.map_err(damaged)?;
        if !entry.header().entry_type().is_file() {
            return Err(PackageError::Invalid(
                "it holds something other than plain files".into(),
            ));
        }
        let name = entry
            .path()
            .map_err(damaged)?
            .to_string_lossy()
            .trim_start_matches("./")
            .to_string();
        if name.contains('/') || name.starts_with('.') || name.is_empty() {
            return Err(PackageError::Invalid(
                "a file in it has a path; files sit at the top of the tar".into(),
            ));
        }
        total += entry.size();
        if total > CONTENT_LIMIT || files.len() >= ENTRY_LIMIT {
            return Err(PackageError::Invalid(
                "it is larger than a grid's records can be".into(),
            ));
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(damaged)?;
        if files.insert(name, bytes).is_some() {
            return Err(PackageError::Invalid("it holds one file twice".into()));
        }
    }
    Ok(files)
}

/// Takes `package.json` out of `files` and checks the rest against it.
fn check_manifest(files: &mut BTreeMap<String, Vec<u8>>) -> Result<PackageManifest, PackageError> {
    let invalid = |why: &str| PackageError::Invalid(why.into());
    let text = files
        .remove(MANIFEST_FILE)
        .ok_or_else(|| invalid("it has no package.json"))?;
    let manifest: PackageManifest = serde_json::from_slice(&text).map_err(|e| {
        PackageError::Invalid(format!(
            "package.json is not a Cunxin package manifest ({})",
            json_problem(&e)
        ))
    })?;
    if manifest.format != FORMAT {
        return Err(invalid("package.json is not of format cunxin-package/1"));
    }
    if !is_plain_id(&manifest.package_id)
        || manifest
            .previous
            .as_deref()
            .is_some_and(|p| !is_plain_id(p))
    {
        return Err(invalid(
            "a package id is not a plain name (letters, digits, - _ .)",
        ));
    }
    if !manifest.files.contains_key("roster.csv") {
        return Err(invalid("it has no roster.csv"));
    }
    if let Some(name) = manifest
        .files
        .keys()
        .find(|n| !KNOWN_FILES.contains(&n.as_str()))
    {
        return Err(PackageError::Invalid(format!(
            "package.json lists {name}, which this Cunxin does not know"
        )));
    }
    if files.keys().ne(manifest.files.keys()) {
        return Err(invalid("its files are not the ones package.json lists"));
    }
    for (name, sha256) in &manifest.files {
        if hex::encode(Sha256::digest(&files[name])) != sha256.to_ascii_lowercase() {
            return Err(PackageError::Invalid(format!(
                "{name} does not match its SHA-256 in package.json"
            )));
        }
    }
    Ok(manifest)
}

/// What kind of problem a manifest has, without quoting the file.
fn json_problem(e: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    match e.classify() {
        Category::Io => "unreadable",
        Category::Syntax | Category::Eof => "not valid JSON",
        Category::Data => "a field is missing, unknown or of the wrong type",
    }
}
