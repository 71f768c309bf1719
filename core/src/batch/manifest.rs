//! The batch's table of contents: `manifest.json` (what the batch is and every file in it
//! with its SHA-256 and size) and `SHA256SUMS` (the same hashes plus the manifest's own, in
//! the format `sha256sum -c` reads). Both come last in the tar, after the files they list.

use crate::model::HouseholdId;
use crate::store::ChainHead;
use serde::{Deserialize, Serialize};

/// The format tag of this version of the batch layout.
pub const FORMAT: &str = "cunxin-batch/1";
pub const MANIFEST_PATH: &str = "manifest.json";
pub const SUMS_PATH: &str = "SHA256SUMS";

/// The sealing device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub device_id: String,
    /// The device's minisign public key (the base64 line of its `device.pub`).
    pub public_key: String,
    /// The key's minisign id (16 hex digits), as `minisign -V` reports it.
    pub key_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ScorecardVersion {
    pub scorecard: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestHousehold {
    pub id: HouseholdId,
    /// Path of the household's JSON record inside the batch.
    pub record: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    pub batch_id: String,
    /// RFC 3339.
    pub created_at: String,
    pub device: DeviceInfo,
    /// The grid manager or operator signed in on the device when sealing.
    pub operator: Option<String>,
    /// Everyone who took photos or witnessed consents for these households.
    pub grid_managers: Vec<String>,
    /// Scorecards (and versions) the households were scored with.
    pub scorecards: Vec<ScorecardVersion>,
    /// The batch this device sealed before this one; None for its first. A gap in the chain
    /// shows a batch the bank never received.
    pub previous_batch_id: Option<String>,
    /// The device's audit chain head when sealing.
    pub audit_head: ChainHead,
    pub households: Vec<ManifestHousehold>,
    /// Every file of the batch except `manifest.json` and `SHA256SUMS`.
    pub files: Vec<ManifestFile>,
}

/// `SHA256SUMS`: one `<hash>  <path>` line per file, then the manifest's own line.
pub fn sha256sums(files: &[ManifestFile], manifest_sha256: &str) -> String {
    let mut out = String::with_capacity((files.len() + 1) * 120);
    for f in files {
        out.push_str(&f.sha256);
        out.push_str("  ");
        out.push_str(&f.path);
        out.push('\n');
    }
    out.push_str(manifest_sha256);
    out.push_str("  ");
    out.push_str(MANIFEST_PATH);
    out.push('\n');
    out
}

/// Paths inside a batch are plain relative paths of `[A-Za-z0-9._-]` names separated by `/`:
/// no absolute paths, no `.` or `..`, nothing a shell, `sha256sum` or `tar` treats specially.
pub fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 240
        && path.split('/').count() <= 8
        && path.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && !part.starts_with('-')
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        })
}

/// A batch id is safe as a file and directory name.
pub fn is_safe_batch_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && !id.starts_with(['.', '-'])
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

pub(crate) fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
