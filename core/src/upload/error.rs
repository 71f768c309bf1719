//! Why an upload stopped: each one plain sentence, with no personal data (the only
//! values shown are addresses, sizes and HTTP statuses).

use thiserror::Error;

#[derive(Debug, Error)]
pub enum UploadError {
    #[error("the upload address {0} is not a valid http or https URL")]
    BadAddress(String),
    #[error(
        "the upload metadata key {0:?} is not allowed: use ASCII letters without spaces or commas"
    )]
    BadMetadataKey(String),
    #[error(
        "the server at {0} does not speak the tus 1.0 upload protocol; check the upload address"
    )]
    NotTus(String),
    #[error(
        "the server at {0} does not let clients create uploads (tus creation extension); ask the bank to enable it"
    )]
    NoCreation(String),
    #[error("the file is {length} bytes but the server accepts at most {max} bytes")]
    TooLarge { length: u64, max: u64 },
    #[error("the server refused the file of {0} bytes as too large")]
    RefusedAsTooLarge(u64),
    #[error("the server refused {during} with HTTP status {status}")]
    Refused { during: &'static str, status: u16 },
    #[error("the server's answer to {during} is not valid tus: {problem}")]
    BadResponse {
        during: &'static str,
        problem: &'static str,
    },
    #[error(
        "the server received a damaged chunk {0} times in a row; check the network and upload again"
    )]
    ChecksumRepeated(u32),
    #[error("the file is not the one this upload was started with ({0}); start a new upload of it")]
    FileChanged(&'static str),
    #[error(
        "the bank's upload server is full (HTTP 507): it takes no new uploads until the bank frees disk space; tell the branch, the batches stay sealed on this device"
    )]
    ServerFull,
    #[error(
        "the bank's upload server does not know this device (HTTP 403): have the branch register its device key (cunxin device key) and try again"
    )]
    DeviceNotRegistered,
    #[error("the bank's upload server refused this device's request signature (HTTP 401): {0}")]
    SignatureRefused(String),
    #[error("could not reach the upload server after {attempts} attempts: {last}")]
    Unreachable { attempts: u32, last: String },
    #[error("could not read the file to upload: {0}")]
    Read(std::io::Error),
    #[error("could not save the upload's progress: {0}")]
    Persist(String),
    /// The caller stopped the upload; its saved state lets a later call go on.
    #[error("the upload was cancelled; it goes on from where it stopped next time")]
    Cancelled,
}
