//! Changing the store's key, safely across a crash at any moment.
//!
//! SQLCipher's in-place `PRAGMA rekey` rewrites every page in one transaction whose rollback
//! journal is itself encrypted, which leaves no clear answer to "which key opens this file"
//! after a crash. Instead the database is exported under the new key into a separate file,
//! checked, and renamed over the old one (an atomic step). `key-check.json` names the new key
//! as *pending* before anything starts, so whichever key the file is under after a crash is
//! recognised when it is tried, and the other gets a clear sentence (see `layout::KeyCheck`).
//! Photo and signature files need nothing: their keys live inside the database.

use super::connection::{self, FirstRead};
use super::error::{StoreError, StoreResult};
use super::key::StoreKey;
use super::layout::{KeyCheck, Leftover};
use super::{AuditKind, Store, schema};
use rusqlite::Connection;

impl Store {
    /// Re-encrypts the store under `new_key`. On Android: keep the new key as "pending" in
    /// the Keystore before calling, make it current after; on open after a crash, try the
    /// current key then the pending one ([`Store::open_with_any`]).
    pub fn rekey(&mut self, new_key: &StoreKey) -> StoreResult<()> {
        if new_key.fingerprint() == self.key.fingerprint() {
            return Ok(());
        }
        KeyCheck::current(&self.key)
            .with_pending(new_key)
            .write(&self.layout)?;
        self.layout.remove_leftovers(Leftover::Rekey)?;
        if let Err(e) = self.export_under(new_key) {
            self.layout.remove_leftovers(Leftover::Rekey)?;
            KeyCheck::current(&self.key).write(&self.layout)?;
            return Err(e);
        }
        // The only connection must be closed before its file is replaced.
        let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        old.close().map_err(|(_, e)| StoreError::from(e))?;
        let wal = self.layout.db().with_extension("db-wal");
        let wal_left = std::fs::metadata(&wal)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
        let swapped = if wal_left {
            Err(StoreError::Damaged(
                "the journal was not empty after closing; the key was not changed".into(),
            ))
        } else {
            std::fs::rename(self.layout.rekey(), self.layout.db())
                .map_err(|e| StoreError::io("could not put the re-encrypted store in place", e))
                .and_then(|()| self.layout.sync_dir())
        };
        if let Err(e) = swapped {
            self.layout.remove_leftovers(Leftover::Rekey)?;
            KeyCheck::current(&self.key).write(&self.layout)?;
            self.conn = reopen(self, &self.key.clone())?;
            return Err(e);
        }
        self.key = new_key.clone();
        self.conn = reopen(self, new_key)?;
        // Recorded before the check file settles, so a crash in between records it again at
        // the next open rather than never.
        self.write_durable(|tx| tx.audit(AuditKind::Rekeyed, None, serde_json::json!({})))?;
        KeyCheck::current(new_key).write(&self.layout)
    }

    /// Writes the whole database, encrypted under `new_key`, to the rekey file and checks it.
    fn export_under(&mut self, new_key: &StoreKey) -> StoreResult<()> {
        self.checkpoint_truncate()?;
        let path = self.layout.rekey();
        let path_text = path
            .to_str()
            .ok_or_else(|| StoreError::InvalidInput("the store path is not valid UTF-8".into()))?;
        // The connection may not create files (opening never creates a store), so the empty
        // file is made here.
        std::fs::File::create_new(&path)
            .map_err(|e| StoreError::io("could not create the re-encrypted store", e))?;
        let conn = &self.conn;
        // Attached without a key it would inherit the main key; the new one replaces it
        // before the empty file is ever read.
        conn.execute("ATTACH DATABASE ?1 AS rekeyed", [path_text])?;
        let exported = connection::keyed(|| {
            connection::apply_key(conn, c"rekeyed", new_key).and_then(|()| {
                Ok(conn.execute_batch(&connection::pin_cipher_settings_sql("rekeyed"))?)
            })
        })
        .and_then(|()| {
            conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
            let version = schema::version(conn)?;
            conn.pragma_update(Some("rekeyed"), "user_version", version)?;
            Ok(())
        });
        let detached = conn.execute("DETACH DATABASE rekeyed", []);
        exported?;
        detached?;
        std::fs::File::open(&path)
            .and_then(|f| f.sync_all())
            .map_err(|e| StoreError::io("could not sync the re-encrypted store", e))?;
        // Prove the copy opens under the new key and is sound before it replaces anything.
        match connection::open(&path, new_key, false) {
            FirstRead::Ok(copy) => {
                let verdict: String = copy.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
                copy.close().map_err(|(_, e)| StoreError::from(e))?;
                if verdict != "ok" {
                    return Err(StoreError::Damaged(format!(
                        "the re-encrypted copy failed its check ({verdict}); the key was not changed"
                    )));
                }
                Ok(())
            }
            FirstRead::DoesNotDecrypt => Err(StoreError::Damaged(
                "the re-encrypted copy does not open with the new key; the key was not changed"
                    .into(),
            )),
            FirstRead::Failed(e) => Err(e),
        }
    }
}

fn reopen(store: &Store, key: &StoreKey) -> StoreResult<Connection> {
    match connection::open(&store.layout.db(), key, false) {
        FirstRead::Ok(conn) => Ok(conn),
        FirstRead::DoesNotDecrypt => Err(StoreError::Damaged(
            "the store does not open after the key change".into(),
        )),
        FirstRead::Failed(e) => Err(e),
    }
}
