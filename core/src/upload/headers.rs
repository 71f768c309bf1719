//! tus header names and the encodings of `Upload-Metadata` and `Upload-Checksum`, shared
//! by the client here and the platform's server.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::collections::BTreeMap;

/// The protocol version this code speaks.
pub const TUS_VERSION: &str = "1.0.0";
pub const TUS_RESUMABLE: &str = "Tus-Resumable";
pub const TUS_VERSION_HEADER: &str = "Tus-Version";
pub const TUS_EXTENSION: &str = "Tus-Extension";
pub const TUS_MAX_SIZE: &str = "Tus-Max-Size";
pub const TUS_CHECKSUM_ALGORITHM: &str = "Tus-Checksum-Algorithm";
pub const UPLOAD_LENGTH: &str = "Upload-Length";
pub const UPLOAD_OFFSET: &str = "Upload-Offset";
pub const UPLOAD_METADATA: &str = "Upload-Metadata";
pub const UPLOAD_CHECKSUM: &str = "Upload-Checksum";
/// When an unfinished upload will be removed (expiration extension), an RFC 9110 date.
pub const UPLOAD_EXPIRES: &str = "Upload-Expires";
pub const CONTENT_TYPE: &str = "Content-Type";
pub const LOCATION: &str = "Location";
/// The only body type a `PATCH` may have.
pub const OFFSET_OCTET_STREAM: &str = "application/offset+octet-stream";
/// The status a server answers when a chunk's checksum does not match (checksum extension).
pub const CHECKSUM_MISMATCH: u16 = 460;

/// `Upload-Metadata`: `key base64(value)` pairs separated by commas, keys in order.
pub fn encode_metadata(metadata: &BTreeMap<String, String>) -> String {
    metadata
        .iter()
        .map(|(k, v)| {
            if v.is_empty() {
                k.clone()
            } else {
                format!("{k} {}", STANDARD.encode(v.as_bytes()))
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether a metadata key is allowed: ASCII, non-empty, without spaces or commas.
pub fn valid_metadata_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b',' && b != b' ')
}

/// Parses `Upload-Metadata`; `None` if it is malformed (bad key, bad base64, value not
/// UTF-8, a key given twice).
pub fn decode_metadata(header: &str) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    if header.trim().is_empty() {
        return Some(out);
    }
    for pair in header.split(',') {
        let mut parts = pair.trim().splitn(2, ' ');
        let key = parts.next()?;
        if !valid_metadata_key(key) {
            return None;
        }
        let value = match parts.next() {
            Some(v) => String::from_utf8(STANDARD.decode(v.trim()).ok()?).ok()?,
            None => String::new(),
        };
        if out.insert(key.to_string(), value).is_some() {
            return None;
        }
    }
    Some(out)
}

/// Parses `Upload-Checksum` into the algorithm (lower case) and the digest's bytes.
pub fn parse_checksum(header: &str) -> Option<(String, Vec<u8>)> {
    let (algorithm, digest) = header.trim().split_once(' ')?;
    let digest = STANDARD.decode(digest.trim()).ok()?;
    Some((algorithm.to_ascii_lowercase(), digest))
}

/// A comma-separated header value as its trimmed, non-empty items.
pub fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// An `Upload-Offset` or `Upload-Length` value: decimal digits only.
pub fn parse_u64(value: &str) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}
