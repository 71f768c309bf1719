//! Creating and opening a store: the lock, the key check, migrations, settling an
//! interrupted key change, and removing orphan files a crash left.

use super::connection::{self, FirstRead};
use super::encrypted_file::{self, FileVault};
use super::error::{StoreError, StoreResult};
use super::key::StoreKey;
use super::layout::{self, KeyCheck, Layout};
use super::{AuditKind, OPERATOR_SETTING, Store, audit, now, schema};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use std::path::Path;

/// What opening found and tidied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// Encrypted files no record pointed at (a crash between writing and committing).
    pub orphan_files_removed: usize,
    /// A key change had been interrupted; this open settled which key is current.
    pub settled_key_change: bool,
    /// Schema versions applied while opening.
    pub migrated_from: Option<u32>,
    /// Uploaded households purged now: a receipt was recorded but the purge that follows it
    /// had not finished.
    pub purges_resumed: usize,
}

impl Store {
    /// Creates a new, empty store in `dir` (created if missing). Refuses to touch a
    /// directory that already holds a store. Creation is atomic: the database appears under
    /// its final name only when complete.
    pub fn create(dir: &Path, key: &StoreKey) -> StoreResult<Store> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::io(format!("could not create {}", dir.display()), e))?;
        let layout = Layout::new(dir);
        let lock = layout.lock()?;
        if layout.db().exists() {
            return Err(StoreError::AlreadyExists(dir.display().to_string()));
        }
        layout.remove_leftovers(layout::Leftover::Creating)?;
        let mut conn = match connection::open(&layout.creating(), key, true) {
            FirstRead::Ok(conn) => conn,
            FirstRead::DoesNotDecrypt => {
                return Err(StoreError::Damaged(
                    "a new database could not be written".into(),
                ));
            }
            FirstRead::Failed(e) => return Err(e),
        };
        schema::migrate(&mut conn)?;
        {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let at = now();
            for (k, v) in [
                ("store_id", encrypted_file::random_id()?),
                ("created_at", at.clone()),
                (
                    "created_by",
                    format!("cunxin {}", env!("CARGO_PKG_VERSION")),
                ),
            ] {
                tx.execute(
                    "INSERT INTO store_meta (key, value) VALUES (?1, ?2)",
                    params![k, v],
                )?;
            }
            audit::append(
                &tx,
                &at,
                None,
                AuditKind::StoreCreated,
                None,
                serde_json::json!({ "schema": schema::latest_version() }),
            )?;
            tx.commit()?;
        }
        conn.close().map_err(|(_, e)| StoreError::from(e))?;
        std::fs::create_dir_all(layout.files())
            .map_err(|e| StoreError::io("could not create the files directory", e))?;
        KeyCheck::current(key).write(&layout)?;
        std::fs::rename(layout.creating(), layout.db())
            .map_err(|e| StoreError::io("could not put the new store in place", e))?;
        layout.sync_dir()?;
        drop(lock);
        Store::open(dir, key)
    }

    /// Opens an existing store with its key. A wrong key is [`StoreError::WrongKey`] and a
    /// damaged file [`StoreError::Damaged`]; in both cases nothing on disk is changed.
    pub fn open(dir: &Path, key: &StoreKey) -> StoreResult<Store> {
        let layout = Layout::new(dir);
        if !layout.db().is_file() {
            return Err(StoreError::NoStore(dir.display().to_string()));
        }
        let lock = layout.lock()?;
        let check = KeyCheck::read(&layout)?;
        let role = match &check {
            Some(check) => check.role_of(&key.fingerprint()),
            // Without the check file the key is simply tried.
            None => layout::KeyRole::Current,
        };
        if role == layout::KeyRole::Unknown {
            return Err(StoreError::WrongKey(
                "the key does not open this store; nothing was changed. Use the key the store was created with"
                    .into(),
            ));
        }
        let size = std::fs::metadata(layout.db())
            .map_err(|e| StoreError::io("could not read the store file", e))?
            .len();
        if size == 0 {
            return Err(StoreError::Damaged("the database file is empty".into()));
        }
        let mut conn = match connection::open(&layout.db(), key, false) {
            FirstRead::Ok(conn) => conn,
            FirstRead::DoesNotDecrypt => {
                return Err(match &check {
                    Some(check) => check.explain_failure(role),
                    None => StoreError::WrongKey(
                        "the key does not open this store, or its file is damaged; nothing was changed"
                            .into(),
                    ),
                });
            }
            FirstRead::Failed(e) => return Err(e),
        };
        let mut report = OpenReport::default();
        let found = schema::version(&conn)?;
        if found == 0 {
            return Err(StoreError::Damaged("it holds no Cunxin schema".into()));
        }
        if found < schema::latest_version() {
            report.migrated_from = Some(found);
        }
        schema::migrate(&mut conn)?;
        let settled = check
            .as_ref()
            .is_none_or(|c| c.pending.is_some() || role == layout::KeyRole::Pending);
        if settled {
            // The database opened with this key, so this key is current whatever was pending.
            KeyCheck::current(key).write(&layout)?;
            report.settled_key_change = check.is_some();
        }
        let finished_key_change = role == layout::KeyRole::Pending;
        layout.remove_leftovers(layout::Leftover::Rekey)?;
        // A missing files directory is recreated; records pointing into it then report their
        // files as missing when read, rather than the whole store failing to open.
        std::fs::create_dir_all(layout.files())
            .map_err(|e| StoreError::io("could not create the files directory", e))?;
        let vault = FileVault::new(layout.files());
        let actor = conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [OPERATOR_SETTING],
                |r| r.get(0),
            )
            .optional()?;
        let mut store = Store {
            layout,
            conn,
            key: key.clone(),
            vault,
            actor,
            report,
            search: Default::default(),
            generation: 0,
            people_generation: 0,
            _lock: lock,
        };
        store.report.orphan_files_removed = store.remove_orphan_files()?;
        // Not fatal: the purge is one transaction per household, and what fails now (a full
        // disk) is tried again at the next opening.
        store.report.purges_resumed = store.resume_purges().unwrap_or(0);
        if finished_key_change {
            // The key change finished but crashed before recording it.
            store.write_durable(|tx| tx.audit(AuditKind::Rekeyed, None, serde_json::json!({})))?;
        }
        Ok(store)
    }

    /// Opens with whichever of `keys` is current — the app's way through an interrupted key
    /// change (try the current key, then the pending one). Returns the index of the key used.
    pub fn open_with_any(dir: &Path, keys: &[&StoreKey]) -> StoreResult<(Store, usize)> {
        let mut last = None;
        for (i, key) in keys.iter().enumerate() {
            match Store::open(dir, key) {
                Ok(store) => return Ok((store, i)),
                Err(StoreError::WrongKey(m)) => last = Some(StoreError::WrongKey(m)),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| StoreError::InvalidInput("no key was given".into())))
    }

    fn remove_orphan_files(&self) -> StoreResult<usize> {
        let mut referenced = std::collections::HashSet::new();
        let mut stmt = self.conn.prepare(
            "SELECT file_name FROM photos UNION ALL SELECT thumb_file_name FROM photos
             UNION ALL SELECT signature_file FROM consents",
        )?;
        for name in stmt.query_map([], |r| r.get::<_, String>(0))? {
            referenced.insert(name?);
        }
        self.vault.remove_orphans(&referenced)
    }
}
