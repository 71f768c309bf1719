//! Calls that exist only in test builds of the library (feature `testing`).

use crate::error::ApiResult;
use cunxin_core::batch::BatchError;
use cunxin_core::error::ErrorCode;
use cunxin_core::store::StoreError;
use cunxin_core::store::passphrase::PassphraseError;
use cunxin_core::upload::UploadError;

/// Panics inside Rust, so the JVM tests can prove a panic arrives as an exception.
#[uniffi::export]
pub fn testing_panic(message: String) -> u32 {
    panic!("deliberate test panic: {message}")
}

/// Fails with a real core error of the given code, converted as every call converts it, so
/// the JVM tests see each code's Kotlin mapping (the codes a test cannot provoke for real,
/// such as a full disk, included).
#[uniffi::export]
pub fn testing_fail_with(code: ErrorCode) -> ApiResult<()> {
    let io = || std::io::Error::other("test");
    Err(match code {
        ErrorCode::InvalidInput => StoreError::InvalidInput("test".into()).into(),
        ErrorCode::WrongKey => StoreError::WrongKey("test".into()).into(),
        ErrorCode::WrongPassphrase => PassphraseError::Wrong.into(),
        ErrorCode::UnlockDelayed => PassphraseError::Delayed { seconds: 20 }.into(),
        ErrorCode::NoStore => StoreError::NoStore("test".into()).into(),
        ErrorCode::StoreExists => StoreError::AlreadyExists("test".into()).into(),
        ErrorCode::StoreInUse => StoreError::InUse.into(),
        ErrorCode::StoreTooNew => StoreError::TooNew {
            found: 99,
            supported: 1,
        }
        .into(),
        ErrorCode::StoreDamaged => StoreError::Damaged("test".into()).into(),
        ErrorCode::FileDamaged => StoreError::FileDamaged("test".into()).into(),
        ErrorCode::DiskFull => StoreError::DiskFull.into(),
        ErrorCode::Storage => StoreError::Io {
            what: "test".into(),
            source: io(),
        }
        .into(),
        ErrorCode::NotFound => StoreError::NotFound("test".into()).into(),
        ErrorCode::NotAllowedInState => StoreError::NotAllowed("test".into()).into(),
        ErrorCode::NothingToSeal => BatchError::NothingToSeal.into(),
        ErrorCode::BadKey => BatchError::InvalidKey("test".into()).into(),
        ErrorCode::Network => UploadError::Unreachable {
            attempts: 1,
            last: "test".into(),
        }
        .into(),
        ErrorCode::ServerRefused => UploadError::Refused {
            during: "test",
            status: 403,
        }
        .into(),
        ErrorCode::ServerFull => UploadError::ServerFull.into(),
        ErrorCode::DeviceNotRegistered => UploadError::DeviceNotRegistered.into(),
        ErrorCode::SignatureRefused => UploadError::SignatureRefused("test".into()).into(),
        ErrorCode::ReceiptInvalid => BatchError::Receipt("test".into()).into(),
        ErrorCode::BatchInvalid => BatchError::BadSignature.into(),
        ErrorCode::Cancelled => UploadError::Cancelled.into(),
        ErrorCode::Internal => cunxin_core::photo::PhotoError::Internal("test".into()).into(),
    })
}
