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

/// The most files one batch may hold besides `manifest.json` and `SHA256SUMS` (a village of
/// 2,000 households with a dozen photos and signatures each is a quarter of it). A batch
/// past it is refused whole, before its files are stored.
pub const MAX_FILES: usize = 100_000;
/// The largest `manifest.json` (read whole to be checked; ~20 MB at [`MAX_FILES`]).
pub const MANIFEST_LIMIT: u64 = 32 * 1024 * 1024;
/// The largest household record (`record.json`) the bank parses; a record is a few tens of
/// kilobytes. A larger one is refused with its household before it is read.
pub const MAX_RECORD_BYTES: u64 = 4 * 1024 * 1024;
/// The deepest nesting of arrays and objects in a household record (Cunxin writes 6).
pub const MAX_RECORD_DEPTH: usize = 32;

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

/// True when the JSON text nests arrays and objects deeper than `limit` — found by a scan
/// that allocates nothing, before any parser is given the text.
pub fn json_nests_deeper_than(text: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in text {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_outside_strings_only() {
        assert!(!json_nests_deeper_than(br#"{"a":[{"b":1}]}"#, 3));
        assert!(json_nests_deeper_than(br#"{"a":[{"b":[1]}]}"#, 3));
        assert!(!json_nests_deeper_than(br#"{"a":"[[[[[[\"[[[["}"#, 1));
        assert!(json_nests_deeper_than(
            &vec![b'['; 10_000],
            MAX_RECORD_DEPTH
        ));
    }
}
