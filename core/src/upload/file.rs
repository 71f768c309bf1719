//! Uploading a file from its path, resumable across runs: the upload's state lives beside
//! the file ([`SavedUpload`]) and a new run goes on from where the server stands, as long as
//! the file is the same (length and modification time).

use super::saved::SavedUpload;
use super::{
    ChunkAdaptation, HttpTransport, Progress, RetryPolicy, TusUpload, UploadError, UploadReport,
    upload_file,
};
use std::collections::BTreeMap;
use std::path::Path;

/// How a file is sent.
#[derive(Debug, Clone)]
pub struct UploadOptions {
    /// Bytes per chunk (what a cut costs at most), unless chunks adapt.
    pub chunk_size: u64,
    /// Chunks sized to the measured link instead (the default); `None` keeps
    /// `chunk_size`.
    pub adapt_chunks: Option<ChunkAdaptation>,
    pub retry: RetryPolicy,
}

impl UploadOptions {
    /// Every chunk `chunk_size` bytes (the last one less).
    pub fn fixed_chunks(chunk_size: u64) -> Self {
        UploadOptions {
            chunk_size,
            adapt_chunks: None,
            retry: RetryPolicy::default(),
        }
    }
}

impl Default for UploadOptions {
    fn default() -> Self {
        UploadOptions {
            chunk_size: super::DEFAULT_CHUNK_SIZE,
            adapt_chunks: Some(ChunkAdaptation::default()),
            retry: RetryPolicy::default(),
        }
    }
}

/// Uploads `path` to the tus `endpoint`, resuming a saved upload of the same file there;
/// the saved state is removed once the server has every byte.
pub fn upload_path(
    path: &Path,
    endpoint: &str,
    metadata: BTreeMap<String, String>,
    transport: &(impl HttpTransport + ?Sized),
    options: &UploadOptions,
    on_progress: impl FnMut(Progress),
) -> Result<UploadReport, UploadError> {
    let mut file = std::fs::File::open(path).map_err(UploadError::Read)?;
    let meta = file.metadata().map_err(UploadError::Read)?;
    let fingerprint = fingerprint(&meta);
    let saved = SavedUpload::next_to(path);
    let mut state = match saved.load(endpoint, meta.len(), &fingerprint) {
        Some(state) => state,
        None => {
            let mut state =
                TusUpload::new(endpoint, meta.len(), metadata)?.with_chunk_size(options.chunk_size);
            if let Some(adaptation) = options.adapt_chunks {
                state = state.with_adaptive_chunks(adaptation);
            }
            state.fingerprint = Some(fingerprint);
            state
        }
    };
    let report = upload_file(
        &mut state,
        &mut file,
        transport,
        &options.retry,
        on_progress,
        |s| saved.save(s),
    )?;
    saved
        .remove()
        .map_err(|e| UploadError::Persist(e.to_string()))?;
    Ok(report)
}

/// Tells a changed file from the one a saved upload began with, without reading it.
fn fingerprint(meta: &std::fs::Metadata) -> String {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{}:{modified}", meta.len())
}
