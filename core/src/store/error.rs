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
            // A disk full to the last byte fails before any page is written: SQLite cannot
            // grow the write-ahead log's shared-memory index and says "disk I/O error".
            Some(ErrorCode::SystemIoFailure) if is_full_disk_io_error(&e) => StoreError::DiskFull,
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

/// SQLite's I/O errors keep the failed system call's errno to themselves; growing the
/// shared-memory index (`SQLITE_IOERR_SHMSIZE`) fails only for want of space, and for the other
/// I/O errors the thread's errno still names a full disk when that was the cause.
fn is_full_disk_io_error(e: &rusqlite::Error) -> bool {
    let shm_size = matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE
    );
    shm_size || is_disk_full(&std::io::Error::last_os_error())
}

fn is_disk_full(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

/// A household id fit for messages and logs: ID-number keys are masked, household numbers kept.
/// A household key as errors and logs may show it: keys made of an ID number or a name
/// are masked (see [`crate::privacy::mask_household_key`]).
pub fn masked_household(id: &HouseholdId) -> String {
    crate::privacy::mask_household_key(&id.0)
}

pub(crate) use crate::privacy::looks_like_id_number;
