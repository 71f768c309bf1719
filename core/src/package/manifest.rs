//! `package.json`: what a work package is, for whom, after which, and its files' hashes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FORMAT: &str = "cunxin-package/1";
pub const MANIFEST_FILE: &str = "package.json";
/// The files a package may hold besides its manifest; `roster.csv` is required.
pub const KNOWN_FILES: [&str; 4] = [
    "roster.csv",
    "departments.csv",
    "scorecard.toml",
    "bank.recipients",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageManifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Unique per device, chosen by the platform (letters, digits, `-`, `_`, `.`).
    pub package_id: String,
    /// The device it is made for (`cx-…`, as its `device.pub` names it).
    pub device_id: String,
    /// The package before this one for the same device; null for the first.
    pub previous: Option<String>,
    /// When the platform made it (RFC 3339).
    pub created_at: String,
    /// Each file's SHA-256 (lower-case hex), by name.
    pub files: BTreeMap<String, String>,
}

/// A package id is a plain token: it goes into settings keys and messages.
pub(crate) fn is_plain_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}
