//! Batch errors: each is one sentence saying what failed (and, where it helps, what to do),
//! without personal data — household ids are masked, and file contents never appear.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Upload(#[from] crate::upload::UploadError),
    #[error("there are no finalized households to seal; finalize visits first")]
    NothingToSeal,
    #[error("a batch needs at least one recipient: give the bank's age public key (age1…)")]
    NoRecipients,
    #[error("{0}")]
    InvalidKey(String),
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the disk is full; free some space and try again (nothing was sealed or unpacked)")]
    DiskFull,
    /// A photo or signature in the store does not match its record, or cannot be read.
    #[error("{0}")]
    StoreContent(String),
    #[error(
        "the batch's signature file is not a minisign signature; ask for the batch's .minisig file again"
    )]
    SignatureUnreadable,
    #[error(
        "the batch was signed by device key {key_id}, which is not among the trusted device keys; get that device's public key (device.pub) from the branch"
    )]
    UnknownSigner { key_id: String },
    #[error(
        "the batch's signature does not match its content: the batch was altered or damaged after sealing; ask for it again"
    )]
    BadSignature,
    #[error("{0}")]
    NotABatch(String),
    #[error(
        "the batch is not encrypted to this identity; use the bank key the batch was sealed for"
    )]
    NotForIdentity,
    #[error("the batch could not be decrypted: {0}")]
    Decrypt(String),
    #[error("the batch's archive is malformed: {0}")]
    Archive(String),
    #[error("the batch's manifest is invalid: {0}")]
    Manifest(String),
    /// A file in the batch disagrees with the manifest (hash, size, missing, extra).
    #[error("{0}")]
    Mismatch(String),
    #[error("{0} already exists; move it away or choose another output directory")]
    AlreadyExists(String),
    #[error("{0}")]
    Receipt(String),
    #[error("{0}")]
    Export(String),
    /// The caller stopped sealing; nothing was sealed.
    #[error("sealing was cancelled; nothing was sealed")]
    Cancelled,
}

impl BatchError {
    pub(crate) fn io(what: impl Into<String>, source: std::io::Error) -> BatchError {
        if matches!(
            source.kind(),
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
        ) {
            return BatchError::DiskFull;
        }
        BatchError::Io {
            what: what.into(),
            source,
        }
    }

    /// True when a batch (or receipt) was refused because it failed verification — it is
    /// not what it claims to be, or not for this key — as opposed to a missing file, an
    /// unreadable key or a full disk. The CLI exits 1 for these, 2 for the others.
    pub fn is_verification_failure(&self) -> bool {
        matches!(
            self,
            BatchError::SignatureUnreadable
                | BatchError::UnknownSigner { .. }
                | BatchError::BadSignature
                | BatchError::NotABatch(_)
                | BatchError::NotForIdentity
                | BatchError::Decrypt(_)
                | BatchError::Archive(_)
                | BatchError::Manifest(_)
                | BatchError::Mismatch(_)
                | BatchError::Receipt(_)
        )
    }
}
