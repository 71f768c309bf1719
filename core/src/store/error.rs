//! Store errors: each is one sentence that says what is wrong and what to do, and none
//! carries personal data (household ids that are ID numbers are masked).

use crate::model::HouseholdId;
use rusqlite::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("there is no store at {0}; create one first (cunxin init)")]
    NoStore(String),
    #[error("a store already exists at {0}; open it instead of creating a new one")]
    AlreadyExists(String),
    #[error("{0}")]
    WrongKey(String),
    #[error(
        "the store file is damaged ({0}); nothing was changed, restore the store directory from a backup"
    )]
    Damaged(String),
    #[error(
        "this store was written by a newer Cunxin (schema {found}, this version knows up to {supported}); update Cunxin to open it"
    )]
    TooNew { found: u32, supported: u32 },
    #[error("the store is open in another program; close it there and try again")]
    InUse,
    #[error(
        "the device is full; free some space and try again (everything saved before is intact)"
    )]
    DiskFull,
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the store's database failed: {0}")]
    Database(rusqlite::Error),
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    NotFound(String),
    /// The action is not allowed in the household's current state.
    #[error("{0}")]
    NotAllowed(String),
    #[error(
        "the encrypted file {0} is damaged or was tampered with; take the photo or signature again"
    )]
    FileDamaged(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::NotADatabase) => {
                StoreError::Damaged("a page does not decrypt with the store's key".into())
            }
            Some(ErrorCode::DatabaseCorrupt) => {
                StoreError::Damaged("the database structure is broken".into())
            }
            _ => StoreError::Database(e),
        }
    }
}

impl StoreError {
    pub(crate) fn io(what: impl Into<String>, source: std::io::Error) -> StoreError {
        if is_disk_full(&source) {
            return StoreError::DiskFull;
        }
        StoreError::Io {
            what: what.into(),
            source,
        }
    }

    pub(crate) fn unknown_household(id: &HouseholdId) -> StoreError {
        StoreError::NotFound(format!(
            "there is no household {} in the store",
            masked_household(id)
        ))
    }
}

fn is_disk_full(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

/// A household id fit for messages and logs: ID-number keys are masked, household numbers kept.
pub fn masked_household(id: &HouseholdId) -> String {
    if looks_like_id_number(&id.0) {
        crate::privacy::mask_id(&id.0)
    } else {
        id.0.clone()
    }
}

/// Household keys made from the head's ID number are personal data.
pub(crate) fn looks_like_id_number(key: &str) -> bool {
    key.len() >= 15 && key.chars().filter(|c| c.is_ascii_digit()).count() >= 14
}
