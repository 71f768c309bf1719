//! The encrypted on-device store: a lost tablet leaks nothing, a dead battery loses nothing.
//!
//! A store is a directory:
//! - `cunxin.db` — SQLCipher 4 (raw 32-byte key, settings pinned), WAL journal;
//! - `files/` — photos and signature images, each encrypted with its own key (see
//!   [`encrypted_file`]) under a random name;
//! - `key-check.json` — public fingerprints of the current (and, during a key change, the
//!   pending) key, so a wrong key is told apart from a damaged file without opening it;
//! - `store.lock` — held while open, so two programs never write at once.
//!
//! Writes are transactions: a crash leaves the old or the new state. Finalization, sealing
//! and receipts also sync to disk before returning. Every change appends to the audit hash
//! chain ([`audit`]). Opening never repairs by deleting: a store that will not open is left
//! exactly as it is.

pub mod audit;
mod batch_list;
mod batches;
mod checklist;
mod connection;
pub use connection::keyed as with_sqlcipher_setup;
mod consent_refusals;
mod consents;
mod departments;
mod detail;
pub mod encrypted_file;
mod error;
mod estimate;
mod form;
mod household_rows;
mod households;
mod key;
mod layout;
#[cfg(test)]
mod migration_tests;
mod opening;
mod overview;
mod panel;
pub mod passphrase;
mod photo_views;
mod photos;
mod rekey;
mod reviews;
mod roster_file;
pub mod schema;
mod search;
mod visits;

pub use audit::{AuditEvent, AuditKind, ChainHead, ChainStatus};
pub use batch_list::{BatchLine, BatchState, ReturnedLine};
pub use batches::{PurgeSummary, ReceiptInput};
pub use checklist::{FinalizeChecklist, Missing, describe as describe_missing};
pub use consent_refusals::ConsentRefusal;
pub use consents::{ConsentId, ConsentInput, ConsentKind, ConsentRecord};
pub(crate) use departments::replace_department_records_in;
pub use departments::{DepartmentChanges, HouseholdNotice, NoticeKind};
pub use detail::{
    FieldRef, HouseholdDetail, HouseholdFieldLine, MemberDetail, MemberFieldLine, NewMember,
    RemovedMemberLine,
};
pub use encrypted_file::DecryptingReader;
pub use error::{StoreError, StoreResult, masked_household};
pub use estimate::{SCORECARD_SETTING, ShownEstimate};
pub use form::VisitForm;
pub(crate) use households::import_households_in;
pub use households::{HouseholdRecord, HouseholdSummary, ImportSummary};
pub use key::{KEY_LEN, StoreKey};
pub use opening::OpenReport;
pub use overview::{GroupProgress, NoticeLine, PublicNotice, VillageOverview, VillageReport};
pub use panel::{PanelStatus, PanelView};
pub use photo_views::{ImageSize, PhotoLine, RequiredPhoto, applicant_type_of};
pub use photos::{GeoPoint, PhotoId, PhotoKind, PhotoMeta, PhotoRecord};
pub use roster_file::RosterImport;
pub use search::{SearchLine, SearchQuery};

pub use visits::{DraftSaved, FinalizedHousehold};

use encrypted_file::FileVault;
use layout::Layout;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::fs::File;
use std::path::{Path, PathBuf};

/// An open store. One per directory at a time (a lock file enforces it).
pub struct Store {
    layout: Layout,
    conn: Connection,
    /// Kept (wiped on drop) to reopen the database during a key change; SQLCipher holds
    /// it in memory for the connection's lifetime anyway.
    key: StoreKey,
    vault: FileVault,
    actor: Option<String>,
    report: OpenReport,
    /// The people index and household facets search reads (rebuilt after writes).
    search: search::SearchCache,
    /// Bumped by every write transaction: the facets search caches are stale.
    generation: u64,
    /// Bumped when household or member rows change: the people index is stale.
    people_generation: u64,
    _lock: File,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.layout.dir())
            .finish_non_exhaustive()
    }
}

/// One write transaction with the time and actor its audit events carry.
pub(crate) struct Tx<'c> {
    tx: rusqlite::Transaction<'c>,
    at: String,
    actor: Option<String>,
    /// Set when the transaction wrote household or member rows (search rebuilds its index).
    people_changed: std::cell::Cell<bool>,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

impl Tx<'_> {
    pub(crate) fn audit(
        &self,
        kind: AuditKind,
        hid: Option<i64>,
        detail: serde_json::Value,
    ) -> StoreResult<ChainHead> {
        audit::append(&self.tx, &self.at, self.actor.as_deref(), kind, hid, detail)
    }

    pub(crate) fn at(&self) -> &str {
        &self.at
    }

    pub(crate) fn actor(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    pub(crate) fn people_changed(&self) {
        self.people_changed.set(true);
    }
}

/// Local time with offset, to the millisecond (the tablet's clock).
pub(crate) fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
}

pub(crate) const OPERATOR_SETTING: &str = "operator";

/// Sets a setting on a connection or inside a transaction.
pub(crate) fn write_setting(conn: &Connection, key: &str, value: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(key)
         DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![key, value, now()],
    )?;
    Ok(())
}

impl Store {
    /// The store's directory.
    pub fn dir(&self) -> &Path {
        self.layout.dir()
    }

    /// What opening found and tidied.
    pub fn open_report(&self) -> &OpenReport {
        &self.report
    }

    /// Runs `write` in one immediate transaction; its audit events share one time stamp.
    pub(crate) fn write<T>(&mut self, write: impl FnOnce(&Tx) -> StoreResult<T>) -> StoreResult<T> {
        let actor = self.actor.clone();
        let (value, people) = {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let tx = Tx {
                tx,
                at: now(),
                actor,
                people_changed: Default::default(),
            };
            let value = write(&tx)?;
            let people = tx.people_changed.get();
            tx.tx.commit()?;
            (value, people)
        };
        self.written(people);
        Ok(value)
    }

    /// After a commit: what search caches is stale.
    fn written(&mut self, people: bool) {
        self.generation += 1;
        if people {
            self.people_generation += 1;
        }
    }

    /// Like [`Store::write`], and the commit is on disk before this returns.
    pub(crate) fn write_durable<T>(
        &mut self,
        write: impl FnOnce(&Tx) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let actor = self.actor.clone();
        let (value, people) = connection::durable(&mut self.conn, |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let tx = Tx {
                tx,
                at: now(),
                actor,
                people_changed: Default::default(),
            };
            let value = write(&tx)?;
            let people = tx.people_changed.get();
            tx.tx.commit()?;
            Ok((value, people))
        })?;
        self.written(people);
        Ok(value)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn vault(&self) -> &FileVault {
        &self.vault
    }

    /// The grid manager or operator signed in on this device; audit events carry it.
    pub fn set_operator(&mut self, operator: &str) -> StoreResult<()> {
        self.set_setting(OPERATOR_SETTING, operator)?;
        self.actor = Some(operator.to_string());
        Ok(())
    }

    pub fn operator(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    /// A device setting (plain text value; the store is encrypted).
    pub fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> StoreResult<()> {
        write_setting(&self.conn, key, value)?;
        self.written(false);
        Ok(())
    }

    /// The store's schema version.
    pub fn schema_version(&self) -> StoreResult<u32> {
        schema::version(&self.conn)
    }

    /// SQLite's full `integrity_check` plus SQLCipher's page authentication check.
    /// Returns the problems found; empty means sound.
    pub fn integrity_problems(&self) -> StoreResult<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for line in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let line = line?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        for line in stmt.query_map([], |r| r.get::<_, String>(0))? {
            problems.push(line?);
        }
        Ok(problems)
    }

    /// Verifies the whole audit chain.
    pub fn verify_chain(&self) -> StoreResult<ChainStatus> {
        audit::verify(&self.conn)
    }

    /// The chain's current head, to seal into a batch.
    pub fn audit_head(&self) -> StoreResult<ChainHead> {
        audit::head(&self.conn)
    }

    /// The audit trail, all of it or one household's.
    pub fn audit_events(
        &self,
        household: Option<&crate::model::HouseholdId>,
    ) -> StoreResult<Vec<AuditEvent>> {
        let hid = match household {
            Some(id) => Some(self.household_ref(id)?.0),
            None => None,
        };
        audit::events(&self.conn, hid)
    }

    /// Writes everything in the WAL into the database file and empties the WAL, so no old
    /// page versions linger (done after a purge and before a key change).
    pub(crate) fn checkpoint_truncate(&self) -> StoreResult<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Path of the database file (tests read its raw bytes).
    pub fn database_path(&self) -> PathBuf {
        self.layout.db()
    }

    /// Directory of the encrypted files.
    pub fn files_dir(&self) -> PathBuf {
        self.layout.files()
    }
}
