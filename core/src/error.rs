//! One code per kind of failure, for every error the core returns: what a screen switches on
//! to pick its text (the app maps each code to zh-CN and English), while the error's own
//! sentence stays the detail line. Every variant of every error is mapped here by name — no
//! catch-all arms — so a new variant does not compile until someone decides its code.

use crate::batch::BatchError;
use crate::capture::CaptureError;
use crate::intake::resident_id::IdError;
use crate::intake::roster::RosterError;
use crate::intake::roster::source::SourceError;
use crate::photo::PhotoError;
use crate::scoring::committee::RatingError;
use crate::scoring::reconcile::ReconcileError;
use crate::store::StoreError;
use crate::store::passphrase::PassphraseError;
use crate::upload::{TransportError, UploadError};

/// The kind of a failure, as the app's screens tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ErrorCode {
    /// The input is wrong; the detail says what and how to fix it.
    InvalidInput,
    /// The key does not open the store; nothing was changed.
    WrongKey,
    /// The passphrase does not open the store; nothing was changed.
    WrongPassphrase,
    /// Too many wrong passphrases in a row: wait before the next try.
    UnlockDelayed,
    NoStore,
    StoreExists,
    /// The store is open in another program.
    StoreInUse,
    /// Written by a newer Cunxin.
    StoreTooNew,
    /// The database does not decrypt or its structure is broken.
    StoreDamaged,
    /// One encrypted photo or signature is damaged.
    FileDamaged,
    DiskFull,
    /// Reading or writing storage failed for another reason.
    Storage,
    NotFound,
    /// Not allowed in the household's or batch's current state.
    NotAllowedInState,
    NothingToSeal,
    /// A bank, platform or device key is not a valid key.
    BadKey,
    /// No answer from the platform (or not a tus server); the upload resumes later.
    Network,
    /// The platform refused the upload.
    ServerRefused,
    /// The platform's disk is full; the batches stay sealed on the device.
    ServerFull,
    /// The platform does not know this device's key: the branch must register it.
    DeviceNotRegistered,
    /// The platform refused the device's request signature (often the device's clock).
    SignatureRefused,
    /// The platform's receipt does not verify; nothing was deleted.
    ReceiptInvalid,
    /// A batch or answer file failed verification.
    BatchInvalid,
    /// The caller cancelled the call; what was done is kept.
    Cancelled,
    /// A bug in Cunxin.
    Internal,
}

/// A core error with its code; the `Display` text is the masked detail.
pub trait Coded: std::fmt::Display {
    fn code(&self) -> ErrorCode;
}

impl Coded for StoreError {
    fn code(&self) -> ErrorCode {
        match self {
            StoreError::NoStore(_) => ErrorCode::NoStore,
            StoreError::AlreadyExists(_) => ErrorCode::StoreExists,
            StoreError::WrongKey(_) => ErrorCode::WrongKey,
            StoreError::Damaged(_) => ErrorCode::StoreDamaged,
            StoreError::TooNew { .. } => ErrorCode::StoreTooNew,
            StoreError::InUse => ErrorCode::StoreInUse,
            StoreError::DiskFull => ErrorCode::DiskFull,
            StoreError::Io { .. } => ErrorCode::Storage,
            StoreError::Database(_) => ErrorCode::Storage,
            StoreError::InvalidInput(_) => ErrorCode::InvalidInput,
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::NotAllowed(_) => ErrorCode::NotAllowedInState,
            StoreError::FileDamaged(_) => ErrorCode::FileDamaged,
        }
    }
}

impl Coded for PassphraseError {
    fn code(&self) -> ErrorCode {
        match self {
            PassphraseError::Store(e) => e.code(),
            PassphraseError::Wrong => ErrorCode::WrongPassphrase,
            PassphraseError::Delayed { .. } => ErrorCode::UnlockDelayed,
            PassphraseError::TooShort { .. } => ErrorCode::InvalidInput,
            PassphraseError::NotAPassphraseStore => ErrorCode::InvalidInput,
            PassphraseError::WrapFileDamaged(_) => ErrorCode::StoreDamaged,
        }
    }
}

impl Coded for UploadError {
    fn code(&self) -> ErrorCode {
        match self {
            UploadError::BadAddress(_) => ErrorCode::InvalidInput,
            UploadError::BadMetadataKey(_) => ErrorCode::Internal,
            UploadError::NotTus(_) => ErrorCode::Network,
            UploadError::NoCreation(_) => ErrorCode::ServerRefused,
            UploadError::TooLarge { .. } => ErrorCode::ServerRefused,
            UploadError::RefusedAsTooLarge(_) => ErrorCode::ServerRefused,
            UploadError::Refused { .. } => ErrorCode::ServerRefused,
            UploadError::BadResponse { .. } => ErrorCode::Network,
            UploadError::ChecksumRepeated(_) => ErrorCode::Network,
            UploadError::FileChanged(_) => ErrorCode::BatchInvalid,
            UploadError::Unreachable { .. } => ErrorCode::Network,
            UploadError::Read(_) => ErrorCode::Storage,
            UploadError::Persist(_) => ErrorCode::Storage,
            UploadError::Cancelled => ErrorCode::Cancelled,
            UploadError::ServerFull => ErrorCode::ServerFull,
            UploadError::DeviceNotRegistered => ErrorCode::DeviceNotRegistered,
            UploadError::SignatureRefused(_) => ErrorCode::SignatureRefused,
        }
    }
}

impl Coded for TransportError {
    fn code(&self) -> ErrorCode {
        ErrorCode::Network
    }
}

impl Coded for BatchError {
    fn code(&self) -> ErrorCode {
        match self {
            BatchError::Store(e) => e.code(),
            BatchError::Upload(e) => e.code(),
            BatchError::NothingToSeal => ErrorCode::NothingToSeal,
            BatchError::NoRecipients => ErrorCode::BadKey,
            BatchError::InvalidKey(_) => ErrorCode::BadKey,
            BatchError::Io { .. } => ErrorCode::Storage,
            BatchError::DiskFull => ErrorCode::DiskFull,
            BatchError::StoreContent(_) => ErrorCode::FileDamaged,
            BatchError::SignatureUnreadable => ErrorCode::BatchInvalid,
            BatchError::UnknownSigner { .. } => ErrorCode::BatchInvalid,
            BatchError::BadSignature => ErrorCode::BatchInvalid,
            BatchError::NotABatch(_) => ErrorCode::BatchInvalid,
            BatchError::NotForIdentity => ErrorCode::BatchInvalid,
            BatchError::Decrypt(_) => ErrorCode::BatchInvalid,
            BatchError::Archive(_) => ErrorCode::BatchInvalid,
            BatchError::Manifest(_) => ErrorCode::BatchInvalid,
            BatchError::Mismatch(_) => ErrorCode::BatchInvalid,
            BatchError::AlreadyExists(_) => ErrorCode::Storage,
            BatchError::Receipt(_) => ErrorCode::ReceiptInvalid,
            BatchError::Export(_) => ErrorCode::Storage,
            BatchError::Cancelled => ErrorCode::Cancelled,
        }
    }
}

impl Coded for PhotoError {
    fn code(&self) -> ErrorCode {
        match self {
            PhotoError::Empty => ErrorCode::InvalidInput,
            PhotoError::Unreadable(_) => ErrorCode::InvalidInput,
            PhotoError::FileTooLarge { .. } => ErrorCode::InvalidInput,
            PhotoError::NotAnImage => ErrorCode::InvalidInput,
            PhotoError::Heic => ErrorCode::InvalidInput,
            PhotoError::Unsupported(_) => ErrorCode::InvalidInput,
            PhotoError::TooLarge { .. } => ErrorCode::InvalidInput,
            PhotoError::TooMuchMemory { .. } => ErrorCode::InvalidInput,
            PhotoError::Damaged(_) => ErrorCode::InvalidInput,
            PhotoError::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl Coded for CaptureError {
    fn code(&self) -> ErrorCode {
        match self {
            // The bindings answer a retake as a result; as an error it is bad input.
            CaptureError::Retake { .. } => ErrorCode::InvalidInput,
            CaptureError::Photo(e) => Coded::code(e),
            CaptureError::Store(e) => e.code(),
        }
    }
}

impl Coded for SourceError {
    fn code(&self) -> ErrorCode {
        match self {
            SourceError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => ErrorCode::NotFound,
            SourceError::Io(_) => ErrorCode::Storage,
            SourceError::Workbook(_) => ErrorCode::InvalidInput,
            SourceError::NoSheet => ErrorCode::InvalidInput,
            SourceError::Csv(_) => ErrorCode::InvalidInput,
        }
    }
}

impl Coded for RosterError {
    fn code(&self) -> ErrorCode {
        match self {
            RosterError::Source(e) => e.code(),
            RosterError::NoHeader => ErrorCode::InvalidInput,
        }
    }
}

impl Coded for IdError {
    fn code(&self) -> ErrorCode {
        match self {
            IdError::Length
            | IdError::Charset
            | IdError::Checksum
            | IdError::BirthDate
            | IdError::Province => ErrorCode::InvalidInput,
        }
    }
}

impl Coded for RatingError {
    fn code(&self) -> ErrorCode {
        match self {
            RatingError::IntegrityOutOfRange(_)
            | RatingError::BusinessOutOfRange(_)
            | RatingError::IntegrityMissing
            | RatingError::NegativeAmount
            | RatingError::AbstentionWithValues
            | RatingError::SameMemberTwice(..) => ErrorCode::InvalidInput,
        }
    }
}

impl Coded for ReconcileError {
    fn code(&self) -> ErrorCode {
        match self {
            ReconcileError::AmountOutOfRange { .. }
            | ReconcileError::EmptyReason
            | ReconcileError::NegativeLimit => ErrorCode::InvalidInput,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, StoreKey};

    fn key() -> StoreKey {
        StoreKey::generate().unwrap()
    }

    #[test]
    fn real_store_failures_have_their_codes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        assert_eq!(
            Store::open(&path, &key()).unwrap_err().code(),
            ErrorCode::NoStore
        );
        let k = key();
        let store = Store::create(&path, &k).unwrap();
        assert_eq!(
            Store::open(&path, &k).unwrap_err().code(),
            ErrorCode::StoreInUse
        );
        drop(store);
        assert_eq!(
            Store::create(&path, &k).unwrap_err().code(),
            ErrorCode::StoreExists
        );
        assert_eq!(
            Store::open(&path, &key()).unwrap_err().code(),
            ErrorCode::WrongKey
        );
        // Damaged: the key check passes, the pages do not decrypt.
        let db = path.join("cunxin.db");
        let mut bytes = std::fs::read(&db).unwrap();
        let first_page = 4096.min(bytes.len());
        for b in &mut bytes[..first_page] {
            *b ^= 0x5a;
        }
        std::fs::write(&db, &bytes).unwrap();
        let damaged = Store::open(&path, &k).unwrap_err();
        assert!(
            matches!(
                damaged.code(),
                ErrorCode::StoreDamaged | ErrorCode::WrongKey
            ),
            "{damaged}"
        );
    }

    #[test]
    fn input_and_upload_failures_have_their_codes() {
        assert_eq!(
            Coded::code(&crate::intake::resident_id::ResidentId::parse("123").unwrap_err()),
            ErrorCode::InvalidInput
        );
        let missing = crate::intake::roster::check_roster("/nonexistent/roster.csv".as_ref());
        assert_eq!(missing.unwrap_err().code(), ErrorCode::NotFound);
        assert_eq!(UploadError::Cancelled.code(), ErrorCode::Cancelled);
        assert_eq!(
            BatchError::Upload(UploadError::Refused {
                during: "creation",
                status: 403
            })
            .code(),
            ErrorCode::ServerRefused
        );
        assert_eq!(BatchError::NothingToSeal.code(), ErrorCode::NothingToSeal);
        assert_eq!(
            BatchError::Store(StoreError::DiskFull).code(),
            ErrorCode::DiskFull
        );
    }
}
