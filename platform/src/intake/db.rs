//! The platform's database, SQLite in the data folder: each received batch with its signed
//! receipt, the accepted households with their records, and the rejections with reasons and
//! a masked line. Households are keyed by device: two tablets' `H001` are two households.

use crate::private_fs::{create_private_file, make_private};
use cunxin_core::model::SignedReceipt;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::path::Path;

const SCHEMA_V1: &str = "
CREATE TABLE IF NOT EXISTS batches (
    batch_id TEXT PRIMARY KEY,
    manifest_sha256 TEXT NOT NULL,
    device_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    previous_batch_id TEXT,
    received_at TEXT NOT NULL,
    receipt_json TEXT NOT NULL,
    receipt_signature TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS batches_by_device ON batches(device_id, previous_batch_id);
CREATE TABLE IF NOT EXISTS households (
    batch_id TEXT NOT NULL REFERENCES batches(batch_id),
    household_id TEXT NOT NULL,
    record_sha256 TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (batch_id, household_id)
);
CREATE INDEX IF NOT EXISTS households_by_record ON households(household_id, record_sha256);
CREATE TABLE IF NOT EXISTS rejections (
    batch_id TEXT NOT NULL REFERENCES batches(batch_id),
    household_id TEXT NOT NULL,
    reason TEXT NOT NULL
);
";

/// Version 2: households keyed by device; rejections keep a masked line, not the record.
const SCHEMA_V2: &str = "
ALTER TABLE households ADD COLUMN device_id TEXT;
UPDATE households SET device_id =
    (SELECT device_id FROM batches WHERE batches.batch_id = households.batch_id);
DROP INDEX households_by_record;
CREATE INDEX households_by_device ON households(device_id, household_id, record_sha256);
ALTER TABLE rejections ADD COLUMN masked TEXT;
";

pub struct Db {
    conn: Connection,
}

/// A received batch's row, written first in its transaction.
pub struct NewBatch<'a> {
    pub batch_id: &'a str,
    pub manifest_sha256: &'a str,
    pub device_id: &'a str,
    pub key_id: &'a str,
    pub previous_batch_id: Option<&'a str>,
    pub received_at: &'a str,
}

impl Db {
    pub fn open(path: &Path) -> rusqlite::Result<Db> {
        if !path.exists() {
            // Created 0600 before SQLite opens it; its -wal and -shm files take its mode.
            let _ = create_private_file(path);
        }
        let _ = make_private(path);
        let mut conn = cunxin_core::store::with_sqlcipher_setup(|| Connection::open(path))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version < 2 {
            // Version 1 never set user_version: its tables may exist already.
            let tx = conn.transaction()?;
            tx.execute_batch(SCHEMA_V1)?;
            tx.execute_batch(SCHEMA_V2)?;
            tx.pragma_update(None, "user_version", 2)?;
            tx.commit()?;
        }
        Ok(Db { conn })
    }

    /// The manifest hash and receipt of a batch already received.
    pub fn received(&self, batch_id: &str) -> rusqlite::Result<Option<(String, SignedReceipt)>> {
        self.conn
            .query_row(
                "SELECT manifest_sha256, receipt_json, receipt_signature FROM batches
                 WHERE batch_id = ?1",
                [batch_id],
                |r| {
                    Ok((
                        r.get(0)?,
                        SignedReceipt {
                            json: r.get(1)?,
                            signature: r.get(2)?,
                        },
                    ))
                },
            )
            .optional()
    }

    /// Another batch of the device that already follows `previous` in its chain.
    pub fn successor(
        &self,
        device_id: &str,
        previous: Option<&str>,
        other_than: &str,
    ) -> rusqlite::Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT batch_id FROM batches WHERE device_id = ?1
                 AND previous_batch_id IS ?2 AND batch_id <> ?3",
                params![device_id, previous, other_than],
                |r| r.get(0),
            )
            .optional()
    }

    /// The accepted households of a batch.
    pub fn households_of(&self, batch_id: &str) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT household_id FROM households WHERE batch_id = ?1 ORDER BY rowid")?;
        stmt.query_map([batch_id], |r| r.get(0))?.collect()
    }

    /// Every accepted household: (batch id, household id, record JSON), in the order taken in.
    pub fn all_households(&self) -> rusqlite::Result<Vec<(String, String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT batch_id, household_id, record FROM households ORDER BY rowid")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect()
    }

    /// Every returned household: (batch id, household id, reason, masked line).
    pub fn all_rejections(
        &self,
    ) -> rusqlite::Result<Vec<(String, String, String, Option<String>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT batch_id, household_id, reason, masked FROM rejections ORDER BY rowid",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect()
    }

    /// The batches that brought a device's household, oldest first.
    pub fn batches_of_household(
        &self,
        device_id: &str,
        household_id: &str,
    ) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT batch_id FROM households WHERE device_id = ?1 AND household_id = ?2
             ORDER BY rowid",
        )?;
        stmt.query_map([device_id, household_id], |r| r.get(0))?
            .collect()
    }

    /// A batch's rejections: (household id, reason, masked line).
    pub fn rejections_of(
        &self,
        batch_id: &str,
    ) -> rusqlite::Result<Vec<(String, String, Option<String>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT household_id, reason, masked FROM rejections WHERE batch_id = ?1
             ORDER BY rowid",
        )?;
        stmt.query_map([batch_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect()
    }

    /// Starts writing a batch: its row (the receipt follows), in one transaction with its
    /// households and rejections.
    pub fn begin(&mut self, batch: &NewBatch) -> rusqlite::Result<BatchWriter<'_>> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO batches (batch_id, manifest_sha256, device_id, key_id, previous_batch_id,
                 received_at, receipt_json, receipt_signature)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', '')",
            params![
                batch.batch_id,
                batch.manifest_sha256,
                batch.device_id,
                batch.key_id,
                batch.previous_batch_id,
                batch.received_at,
            ],
        )?;
        Ok(BatchWriter {
            tx,
            batch_id: batch.batch_id.to_string(),
            device_id: batch.device_id.to_string(),
        })
    }
}

/// One batch being written; nothing of it is visible until [`BatchWriter::commit`].
pub struct BatchWriter<'c> {
    tx: Transaction<'c>,
    batch_id: String,
    device_id: String,
}

impl BatchWriter<'_> {
    /// The batch that already brought this device's exact household record.
    pub fn record_received(
        &self,
        household_id: &str,
        record_sha256: &str,
    ) -> rusqlite::Result<Option<String>> {
        self.tx
            .query_row(
                "SELECT batch_id FROM households
                 WHERE device_id = ?1 AND household_id = ?2 AND record_sha256 = ?3",
                [&self.device_id, household_id, record_sha256],
                |r| r.get(0),
            )
            .optional()
    }

    pub fn accept(&self, household_id: &str, sha: &str, record: &str) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO households (batch_id, device_id, household_id, record_sha256, record)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![self.batch_id, self.device_id, household_id, sha, record],
        )?;
        Ok(())
    }

    pub fn reject(
        &self,
        household_id: &str,
        reason: &str,
        masked: Option<&str>,
    ) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO rejections (batch_id, household_id, reason, masked)
             VALUES (?1, ?2, ?3, ?4)",
            params![self.batch_id, household_id, reason, masked],
        )?;
        Ok(())
    }

    /// Stores the signed receipt, runs `before_commit` (it puts the batch's files in
    /// place) and commits: both happen or neither.
    pub fn commit<E>(
        self,
        receipt: &SignedReceipt,
        before_commit: impl FnOnce() -> Result<(), E>,
    ) -> Result<(), InsertError<E>> {
        self.tx
            .execute(
                "UPDATE batches SET receipt_json = ?2, receipt_signature = ?3 WHERE batch_id = ?1",
                params![self.batch_id, receipt.json, receipt.signature],
            )
            .map_err(InsertError::Db)?;
        before_commit().map_err(InsertError::Placing)?;
        self.tx.commit().map_err(InsertError::Db)
    }
}

pub enum InsertError<E> {
    Db(rusqlite::Error),
    Placing(E),
}
