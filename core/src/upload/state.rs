//! The upload's whole state, saved by the caller after every step that changes it.

use super::headers::valid_metadata_key;
use super::{ChecksumAlgorithm, ChunkAdaptation, UploadError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;

/// 4 MiB: big enough that per-chunk round trips cost little on a fast link, small enough
/// that the one chunk a cut loses is cheap on a slow rural one.
pub const DEFAULT_CHUNK_SIZE: u64 = 4 * 1024 * 1024;

/// What the server told about itself (`OPTIONS`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ServerCapabilities {
    pub versions: Vec<String>,
    pub extensions: Vec<String>,
    /// Lower case.
    pub checksum_algorithms: Vec<String>,
    pub max_size: Option<u64>,
}

impl ServerCapabilities {
    pub fn has_extension(&self, name: &str) -> bool {
        self.extensions.iter().any(|e| e.eq_ignore_ascii_case(name))
    }

    /// The checksum chunks carry: the client's most preferred one the server lists.
    pub fn checksum(&self) -> Option<ChecksumAlgorithm> {
        if !self.has_extension("checksum") {
            return None;
        }
        ChecksumAlgorithm::PREFERENCE.into_iter().find(|a| {
            self.checksum_algorithms
                .iter()
                .any(|listed| listed == a.name())
        })
    }
}

/// One file's tus upload. Save it (e.g. as JSON) whenever [`upload_file`] asks: after a
/// kill, load it and call [`upload_file`] again, and the upload goes on from the
/// server's offset.
///
/// [`upload_file`]: super::upload_file
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TusUpload {
    /// The server's creation URL (where `POST` goes).
    pub endpoint: String,
    /// The upload's own URL, once the server created it.
    pub upload_url: Option<String>,
    /// The file's length in bytes.
    pub length: u64,
    /// Bytes the server confirmed it has.
    pub offset: u64,
    /// The next chunk's size.
    pub chunk_size: u64,
    /// When set, `chunk_size` follows the throughput measured on each chunk.
    #[serde(default)]
    pub adapt_chunks: Option<ChunkAdaptation>,
    /// Sent as `Upload-Metadata` (e.g. `filename`, `batch_id`).
    pub metadata: BTreeMap<String, String>,
    /// Set by the caller to tell files apart (e.g. the file's hash); [`upload_file`]
    /// does not look at it.
    ///
    /// [`upload_file`]: super::upload_file
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// Learnt from the server's `OPTIONS` answer.
    #[serde(default)]
    pub server: Option<ServerCapabilities>,
    /// The local offset may be behind or ahead of the server's: ask before sending.
    #[serde(default)]
    pub(super) needs_head: bool,
    /// Consecutive `460 Checksum Mismatch` answers for the current chunk.
    #[serde(default)]
    pub(super) checksum_failures: u32,
}

impl TusUpload {
    /// A new upload of `length` bytes to the tus endpoint `endpoint`.
    pub fn new(
        endpoint: &str,
        length: u64,
        metadata: BTreeMap<String, String>,
    ) -> Result<Self, UploadError> {
        let parsed =
            url::Url::parse(endpoint).map_err(|_| UploadError::BadAddress(endpoint.into()))?;
        if !matches!(parsed.scheme(), "http" | "https") || !parsed.has_host() {
            return Err(UploadError::BadAddress(endpoint.into()));
        }
        if let Some(key) = metadata.keys().find(|k| !valid_metadata_key(k)) {
            return Err(UploadError::BadMetadataKey(key.clone()));
        }
        Ok(TusUpload {
            endpoint: parsed.to_string(),
            upload_url: None,
            length,
            offset: 0,
            chunk_size: DEFAULT_CHUNK_SIZE,
            adapt_chunks: None,
            metadata,
            fingerprint: None,
            server: None,
            needs_head: false,
            checksum_failures: 0,
        })
    }

    /// The same upload with another chunk size (at least 1 byte).
    pub fn with_chunk_size(mut self, chunk_size: u64) -> Self {
        self.chunk_size = chunk_size.max(1);
        self
    }

    /// The same upload with chunks sized to the link, starting from the smallest.
    pub fn with_adaptive_chunks(mut self, adaptation: ChunkAdaptation) -> Self {
        self.chunk_size = adaptation.min.max(1);
        self.adapt_chunks = Some(adaptation);
        self
    }

    /// A chunk of `len` bytes was confirmed `took` after its request went out, on a link
    /// whose bodiless exchanges take `round_trip`: the next one is sized from that when
    /// chunks adapt.
    pub fn chunk_took(&mut self, len: u64, took: Duration, round_trip: Duration) {
        if let Some(adaptation) = self.adapt_chunks {
            self.chunk_size = adaptation.next_size(len, took, round_trip);
        }
    }

    /// Whether the server confirmed every byte.
    pub fn is_complete(&self) -> bool {
        self.upload_url.is_some() && self.offset == self.length && !self.needs_head
    }

    /// Call when work on a saved upload starts again (after a restart, or a kill): the
    /// server may have more or fewer bytes than saved, so the next step asks it.
    pub fn resume(&mut self) {
        self.needs_head = self.upload_url.is_some();
        self.checksum_failures = 0;
    }
}
