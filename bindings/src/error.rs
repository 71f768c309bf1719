//! The one public error of the bindings: the core's code for the failure (each core error
//! variant maps to one, in `cunxin_core::error`, with no catch-all) and the core's sentence
//! as the detail. The app picks its zh-CN or English text by the code; the detail is for a
//! "details" line and logs. Core messages never carry personal data (names and ID numbers
//! are masked where they are written).

use cunxin_core::error::{Coded, ErrorCode};

/// Seen by Kotlin as `CunxinException.Failure` with its `code`, `detail` and, for a delayed
/// unlock, the seconds to wait.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum CunxinError {
    #[error("{detail}")]
    Failure {
        code: ErrorCode,
        detail: String,
        retry_after_seconds: Option<u64>,
    },
}

pub type ApiResult<T> = Result<T, CunxinError>;

impl CunxinError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> CunxinError {
        CunxinError::Failure {
            code,
            detail: detail.into(),
            retry_after_seconds: None,
        }
    }

    pub fn invalid(detail: impl Into<String>) -> CunxinError {
        CunxinError::new(ErrorCode::InvalidInput, detail)
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            CunxinError::Failure { code, .. } => *code,
        }
    }

    /// Every failure that leaves the core is logged once here, by code and masked detail.
    fn coded(e: &impl Coded) -> CunxinError {
        let (code, detail) = (e.code(), e.to_string());
        tracing::warn!(?code, %detail, "core call failed");
        CunxinError::new(code, detail)
    }
}

macro_rules! from_coded {
    ($($t:ty),* $(,)?) => {$(
        impl From<$t> for CunxinError {
            fn from(e: $t) -> Self {
                CunxinError::coded(&e)
            }
        }
    )*};
}

from_coded!(
    cunxin_core::store::StoreError,
    cunxin_core::batch::BatchError,
    cunxin_core::upload::UploadError,
    cunxin_core::capture::CaptureError,
    cunxin_core::photo::PhotoError,
    cunxin_core::intake::roster::RosterError,
    cunxin_core::intake::resident_id::IdError,
    cunxin_core::scoring::committee::RatingError,
    cunxin_core::scoring::reconcile::ReconcileError,
);

impl From<cunxin_core::store::passphrase::PassphraseError> for CunxinError {
    fn from(e: cunxin_core::store::passphrase::PassphraseError) -> Self {
        let retry = match &e {
            cunxin_core::store::passphrase::PassphraseError::Delayed { seconds } => Some(*seconds),
            _ => None,
        };
        let (code, detail) = (e.code(), e.to_string());
        tracing::warn!(?code, %detail, "core call failed");
        CunxinError::Failure {
            code,
            detail,
            retry_after_seconds: retry,
        }
    }
}
