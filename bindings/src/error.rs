//! The one public error of the bindings. Internal errors map to a few kinds, each with one
//! sentence a grid manager can act on (the pattern of mozilla/application-services).
//! Messages never carry personal data: core errors are written to be safe to show.

/// Errors seen by Kotlin as `CunxinException.<Kind>` with the sentence as its message.
#[derive(Debug, thiserror::Error, uniffi::Error)]
#[uniffi(flat_error)]
pub enum CunxinError {
    /// The input is wrong; the message says what and how to fix it.
    #[error("{0}")]
    InvalidInput(String),
    /// The store's key does not open it. Nothing was changed.
    #[error("{0}")]
    WrongKey(String),
    /// What was asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Reading or writing the device's storage failed.
    #[error("{0}")]
    Storage(String),
    /// The platform could not be reached or answered wrongly; try again later (nothing was
    /// lost, the upload resumes).
    #[error("{0}")]
    Network(String),
    /// A bug in Cunxin; the message is safe to show and to report.
    #[error("{0}")]
    Internal(String),
}

pub type ApiResult<T> = Result<T, CunxinError>;

impl From<cunxin_core::intake::resident_id::IdError> for CunxinError {
    fn from(e: cunxin_core::intake::resident_id::IdError) -> Self {
        CunxinError::InvalidInput(e.to_string())
    }
}
