//! Opening one SQLCipher connection: raw key, cipher settings pinned, SQLCipher's own
//! logging off, then the first read that proves the key.

use super::error::{StoreError, StoreResult};
use super::key::StoreKey;
use rusqlite::{Connection, OpenFlags, ffi};
use std::ffi::CStr;
use std::path::Path;

/// SQLCipher 4 settings, pinned explicitly so a future default change can never make an
/// existing store unreadable. With a raw key the PBKDF2 iteration count is not used for the
/// page key; the HMAC key still comes from the page salt through the fast KDF.
const CIPHER_SETTINGS: &str = "
    PRAGMA cipher_compatibility = 4;
    PRAGMA cipher_page_size = 4096;
    PRAGMA cipher_hmac_algorithm = HMAC_SHA512;
    PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA512;
    PRAGMA cipher_plaintext_header_size = 0;
";

/// Pins the same settings on an attached schema (used by rekey's export).
pub(crate) fn pin_cipher_settings_sql(schema: &str) -> String {
    CIPHER_SETTINGS.replace("PRAGMA ", &format!("PRAGMA {schema}."))
}

/// Turns SQLCipher's own logger off: by default it writes ERROR lines (e.g. `hmac check
/// failed for pgno=1` on a wrong key) to stderr, or to logcat on Android. The setting is
/// process-wide; running it on every connection costs microseconds and survives any other
/// code that turned it back on.
fn silence_sqlcipher_log(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))?;
    conn.query_row("PRAGMA cipher_log = off", [], |_| Ok(()))?;
    Ok(())
}

/// One keying at a time in this process: SQLCipher keeps process-wide state (its logger, its
/// crypto provider, its defaults) that keying and the cipher pragmas touch without a lock of
/// their own, and two stores keyed at once on two threads were seen to fail with "SQLCipher
/// refused the key" (sqlcipher/sqlcipher#598 lists such races).
static KEYING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `setup` (opening a connection, its logger, key and cipher settings) holding
/// [`KEYING`]. Any other SQLite connection opened in the same process (the reference
/// platform's database, a test's) opens within it too: opening runs SQLCipher's
/// process-wide initialisation, which raced with a key being applied on another thread.
pub fn keyed<T>(setup: impl FnOnce() -> T) -> T {
    let _one_at_a_time = KEYING.lock().unwrap_or_else(|p| p.into_inner());
    setup()
}

/// Gives a connection (or one attached schema) its key through `sqlite3_key_v2`, so the key
/// never becomes SQL text; the `x'..'` buffer is wiped when this returns. Call it within
/// [`keyed`].
pub(crate) fn apply_key(conn: &Connection, schema: &CStr, key: &StoreKey) -> StoreResult<()> {
    let form = key.sqlcipher_form();
    // SAFETY: the handle is valid for the connection's lifetime; SQLCipher copies the key.
    let rc = unsafe {
        ffi::sqlite3_key_v2(
            conn.handle(),
            schema.as_ptr(),
            form.as_ptr().cast(),
            form.len() as std::ffi::c_int,
        )
    };
    if rc != ffi::SQLITE_OK {
        return Err(StoreError::Database(rusqlite::Error::SqliteFailure(
            ffi::Error::new(rc),
            Some("SQLCipher refused the key".into()),
        )));
    }
    Ok(())
}

/// Why a keyed connection could not read the database's first page.
pub(crate) enum FirstRead {
    Ok(Connection),
    /// The first page did not authenticate: wrong key, or not a store at all.
    DoesNotDecrypt,
    Failed(StoreError),
}

/// Opens `path` with `key`; `create` allows making a new file. Reads the schema once, which
/// authenticates page 1 (and finds a truncated file: its header promises more pages).
pub(crate) fn open(path: &Path, key: &StoreKey, create: bool) -> FirstRead {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = match keyed(|| Connection::open_with_flags(path, flags)) {
        Ok(conn) => conn,
        Err(e) => return FirstRead::Failed(e.into()),
    };
    let prepared = keyed(|| {
        silence_sqlcipher_log(&conn)
            .map_err(StoreError::from)
            .and_then(|()| apply_key(&conn, c"main", key))
            .and_then(|()| {
                conn.execute_batch(CIPHER_SETTINGS)
                    .map_err(StoreError::from)
            })
    });
    if let Err(e) = prepared {
        return FirstRead::Failed(e);
    }
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(())) {
        Ok(()) => {}
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            return FirstRead::DoesNotDecrypt;
        }
        Err(e) => return FirstRead::Failed(e.into()),
    }
    match configure(&conn) {
        Ok(()) => FirstRead::Ok(conn),
        Err(e) => FirstRead::Failed(e),
    }
}

/// WAL for crash safety and fast commits; `synchronous = NORMAL` (a process crash loses
/// nothing, a power cut at most the last draft edits: finalization syncs, see `durable`);
/// `secure_delete` so purged rows are overwritten rather than left in free pages.
fn configure(conn: &Connection) -> StoreResult<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Damaged(format!(
            "the journal cannot be switched to WAL (it is {mode})"
        )));
    }
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA busy_timeout = 5000;",
    )?;
    Ok(())
}

/// Runs `write` so that its commit reaches the disk before this returns (`synchronous = FULL`
/// for the duration), for finalization and other steps a power cut must not undo.
pub(crate) fn durable<T>(
    conn: &mut Connection,
    write: impl FnOnce(&mut Connection) -> StoreResult<T>,
) -> StoreResult<T> {
    conn.execute_batch("PRAGMA synchronous = FULL")?;
    let result = write(conn);
    let restored = conn.execute_batch("PRAGMA synchronous = NORMAL");
    let value = result?;
    restored?;
    Ok(value)
}
