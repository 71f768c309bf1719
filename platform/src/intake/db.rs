//! The platform's database, SQLite in the data folder: each received batch with its signed
//! receipt, the accepted households with their records, and the rejections with reasons.

use cunxin_core::batch::SignedReceipt;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::path::Path;

const SCHEMA: &str = "
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

pub struct Db {
    conn: Connection,
}

/// A received batch, as it is written in one transaction.
pub struct NewBatch<'a> {
    pub batch_id: &'a str,
    pub manifest_sha256: &'a str,
    pub device_id: &'a str,
    pub key_id: &'a str,
    pub previous_batch_id: Option<&'a str>,
    pub received_at: &'a str,
    pub receipt: &'a SignedReceipt,
    /// (household id, SHA-256 of its record, the record).
    pub accepted: Vec<(String, String, String)>,
    pub rejected: Vec<(String, String)>,
}

impl Db {
    pub fn open(path: &Path) -> rusqlite::Result<Db> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.execute_batch(SCHEMA)?;
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

    /// The batch that already brought this exact household record.
    pub fn record_received(
        &self,
        household_id: &str,
        record_sha256: &str,
    ) -> rusqlite::Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT batch_id FROM households WHERE household_id = ?1 AND record_sha256 = ?2",
                [household_id, record_sha256],
                |r| r.get(0),
            )
            .optional()
    }

    pub fn households_of(&self, batch_id: &str) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT household_id FROM households WHERE batch_id = ?1 ORDER BY rowid")?;
        stmt.query_map([batch_id], |r| r.get(0))?.collect()
    }

    /// Writes the batch, its households and rejections; `before_commit` runs inside the
    /// transaction (it puts the batch's files in place), so both happen or neither.
    pub fn insert<E>(
        &mut self,
        batch: &NewBatch,
        before_commit: impl FnOnce() -> Result<(), E>,
    ) -> Result<(), InsertError<E>> {
        let tx = self.conn.transaction().map_err(InsertError::Db)?;
        write(&tx, batch).map_err(InsertError::Db)?;
        before_commit().map_err(InsertError::Placing)?;
        tx.commit().map_err(InsertError::Db)
    }
}

pub enum InsertError<E> {
    Db(rusqlite::Error),
    Placing(E),
}

fn write(tx: &Transaction, b: &NewBatch) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO batches (batch_id, manifest_sha256, device_id, key_id, previous_batch_id,
             received_at, receipt_json, receipt_signature)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            b.batch_id,
            b.manifest_sha256,
            b.device_id,
            b.key_id,
            b.previous_batch_id,
            b.received_at,
            b.receipt.json,
            b.receipt.signature
        ],
    )?;
    for (id, sha, record) in &b.accepted {
        tx.execute(
            "INSERT INTO households (batch_id, household_id, record_sha256, record)
             VALUES (?1, ?2, ?3, ?4)",
            params![b.batch_id, id, sha, record],
        )?;
    }
    for (id, reason) in &b.rejected {
        tx.execute(
            "INSERT INTO rejections (batch_id, household_id, reason) VALUES (?1, ?2, ?3)",
            params![b.batch_id, id, reason],
        )?;
    }
    Ok(())
}
