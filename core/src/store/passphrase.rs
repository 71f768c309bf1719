//! Unlocking a store with a passphrase (the branch PC, where there is no hardware keystore):
//! the store's random 32-byte key is kept in `key-wrap.json` beside the database, encrypted
//! (XChaCha20-Poly1305) with a key derived from the passphrase by Argon2id. The Argon2
//! parameters and salt are stored with it, so they can be raised later without breaking old
//! stores. Changing the passphrase rewrites only this small file; rotating the store's key
//! re-encrypts the database but never the photos (each has its own key inside it).
//!
//! Wrong passphrases are slowed down: after [`FREE_ATTEMPTS`] failures in a row each try
//! must wait, doubling up to [`MAX_DELAY_SECS`], counted in `unlock-attempts.json` so a
//! restart does not reset it. Argon2id's cost (about a second of one core per guess) is
//! what stops an attacker holding a copy of the files; the delay stops guessing at the
//! keyboard. On Android the key is wrapped by the Keystore instead and none of this is used.

use super::error::StoreError;
use super::key::StoreKey;
use super::layout::Layout;
use super::{Store, StoreResult};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::TryRngCore;
use serde::{Deserialize, Serialize};
use std::path::Path;
use zeroize::Zeroizing;

const WRAP_FILE: &str = "key-wrap.json";
const ATTEMPTS_FILE: &str = "unlock-attempts.json";
const FORMAT: u32 = 1;
/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// Failures in a row before tries are delayed.
pub const FREE_ATTEMPTS: u32 = 3;
/// The longest wait between tries.
pub const MAX_DELAY_SECS: u64 = 300;

#[derive(Debug, thiserror::Error)]
pub enum PassphraseError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the passphrase does not open this store; nothing was changed")]
    Wrong,
    #[error("too many wrong passphrases in a row; wait {seconds} seconds before the next try")]
    Delayed { seconds: u64 },
    #[error("a passphrase needs at least {min} characters")]
    TooShort { min: usize },
    #[error(
        "this store is not opened by passphrase (its key is kept by the device); open it with its key"
    )]
    NotAPassphraseStore,
    #[error(
        "the store's key file key-wrap.json is damaged ({0}); nothing was changed, restore it from a backup"
    )]
    WrapFileDamaged(String),
}

pub type PassphraseResult<T> = Result<T, PassphraseError>;

/// Argon2id parameters, stored with the wrapped key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_cost: u32,
    pub t_cost: u32,
    pub p_cost: u32,
}

impl Default for KdfParams {
    /// RFC 9106's second recommended option (64 MiB, 3 passes), one lane: a branch PC's
    /// unlock takes well under a second.
    fn default() -> Self {
        KdfParams {
            m_cost: 64 * 1024,
            t_cost: 3,
            p_cost: 1,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Sealed {
    nonce: String,
    ciphertext: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct WrapFile {
    format: u32,
    kdf: String,
    params: KdfParams,
    salt: String,
    /// The store key in force.
    current: Sealed,
    /// The new key of a key rotation that may not have taken effect yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pending: Option<Sealed>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Attempts {
    failures: u32,
    /// Unix seconds of the last failure.
    last_failure: i64,
}

/// How a store directory is unlocked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum StoreLock {
    NoStore,
    /// Opened with a raw key the device keeps.
    RawKey,
    Passphrase {
        failed_attempts: u32,
        retry_after_seconds: u64,
    },
}

/// What is in `dir`, for the unlock screen.
pub fn lock_of(dir: &Path) -> PassphraseResult<StoreLock> {
    let layout = Layout::new(dir);
    if !layout.db().is_file() {
        return Ok(StoreLock::NoStore);
    }
    if !dir.join(WRAP_FILE).is_file() {
        return Ok(StoreLock::RawKey);
    }
    let attempts = read_attempts(dir);
    Ok(StoreLock::Passphrase {
        failed_attempts: attempts.failures,
        retry_after_seconds: wait_left(&attempts, now_secs()),
    })
}

impl Store {
    /// Creates a store whose fresh random key is wrapped by `passphrase`.
    pub fn create_with_passphrase(dir: &Path, passphrase: &str) -> PassphraseResult<Store> {
        Self::create_with_passphrase_params(dir, passphrase, KdfParams::default())
    }

    /// As [`Store::create_with_passphrase`] with chosen Argon2 parameters (tests use small ones).
    pub fn create_with_passphrase_params(
        dir: &Path,
        passphrase: &str,
        params: KdfParams,
    ) -> PassphraseResult<Store> {
        check_length(passphrase)?;
        if Layout::new(dir).db().exists() {
            return Err(StoreError::AlreadyExists(dir.display().to_string()).into());
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::io(format!("could not create {}", dir.display()), e))?;
        let key = StoreKey::generate()?;
        // The wrap file first: a crash before the database exists leaves a wrap file that
        // the next creation simply replaces; never a database whose key is lost.
        let salt = random::<16>()?;
        let kek = derive(passphrase, &salt, params)?;
        let wrap = WrapFile {
            format: FORMAT,
            kdf: "argon2id".into(),
            params,
            salt: hex::encode(salt),
            current: seal_key(&kek, &key)?,
            pending: None,
        };
        write_wrap(dir, &wrap)?;
        let store = Store::create(dir, &key)?;
        tracing::info!("created a passphrase store");
        Ok(store)
    }

    /// Opens a passphrase store. Wrong passphrases are counted and, after a few, delayed.
    pub fn open_with_passphrase(dir: &Path, passphrase: &str) -> PassphraseResult<Store> {
        let layout = Layout::new(dir);
        if !layout.db().is_file() {
            return Err(StoreError::NoStore(dir.display().to_string()).into());
        }
        let wrap = read_wrap(dir)?;
        let attempts = read_attempts(dir);
        let wait = wait_left(&attempts, now_secs());
        if wait > 0 {
            return Err(PassphraseError::Delayed { seconds: wait });
        }
        let kek = derive(passphrase, &salt_of(&wrap)?, wrap.params)?;
        let current = open_key(&kek, &wrap.current);
        let pending = wrap.pending.as_ref().and_then(|p| open_key(&kek, p));
        let Some(current) = current else {
            let attempts = Attempts {
                failures: attempts.failures.saturating_add(1),
                last_failure: now_secs(),
            };
            write_attempts(dir, &attempts)?;
            tracing::warn!(failures = attempts.failures, "wrong passphrase");
            return Err(PassphraseError::Wrong);
        };
        if attempts.failures > 0 {
            let _ = std::fs::remove_file(dir.join(ATTEMPTS_FILE));
        }
        // An interrupted rotation: the database is under one of the two keys.
        let store = match (Store::open(dir, &current), pending) {
            (Ok(store), _) => store,
            (Err(StoreError::WrongKey(_)), Some(new_key)) => Store::open(dir, &new_key)?,
            (Err(e), _) => return Err(e.into()),
        };
        if wrap.pending.is_some() {
            // Whichever key opened it is the one in force now.
            let wrap = WrapFile {
                current: seal_key(&kek, &store.key)?,
                pending: None,
                ..wrap
            };
            write_wrap(dir, &wrap)?;
        }
        Ok(store)
    }

    /// True when this store is opened by passphrase.
    pub fn has_passphrase(&self) -> bool {
        self.dir().join(WRAP_FILE).is_file()
    }

    /// Changes the passphrase: only the wrapped key is rewritten (new salt), nothing else.
    pub fn change_passphrase(&mut self, current: &str, new: &str) -> PassphraseResult<()> {
        check_length(new)?;
        let wrap = read_wrap(self.dir())?;
        self.check_passphrase(&wrap, current)?;
        let params = KdfParams::default().at_least(wrap.params);
        let salt = random::<16>()?;
        let kek = derive(new, &salt, params)?;
        let new_wrap = WrapFile {
            format: FORMAT,
            kdf: "argon2id".into(),
            params,
            salt: hex::encode(salt),
            current: seal_key(&kek, &self.key)?,
            pending: None,
        };
        write_wrap(self.dir(), &new_wrap)?;
        self.audit_passphrase_event("passphrase_changed")?;
        tracing::info!("passphrase changed");
        Ok(())
    }

    /// Rotates the store's key under the same passphrase (crash-safe: the new key is
    /// written as pending before the database changes, and settled on the next open).
    pub fn rotate_key_with_passphrase(&mut self, passphrase: &str) -> PassphraseResult<()> {
        let wrap = read_wrap(self.dir())?;
        self.check_passphrase(&wrap, passphrase)?;
        let kek = derive(passphrase, &salt_of(&wrap)?, wrap.params)?;
        let new_key = StoreKey::generate()?;
        let with_pending = WrapFile {
            pending: Some(seal_key(&kek, &new_key)?),
            ..wrap.clone()
        };
        write_wrap(self.dir(), &with_pending)?;
        self.rekey(&new_key)?;
        let settled = WrapFile {
            current: seal_key(&kek, &new_key)?,
            pending: None,
            ..wrap
        };
        write_wrap(self.dir(), &settled)?;
        tracing::info!("store key rotated");
        Ok(())
    }

    fn check_passphrase(&self, wrap: &WrapFile, passphrase: &str) -> PassphraseResult<()> {
        let kek = derive(passphrase, &salt_of(wrap)?, wrap.params)?;
        match open_key(&kek, &wrap.current) {
            Some(key) if key.fingerprint() == self.key.fingerprint() => Ok(()),
            Some(_) => Err(PassphraseError::WrapFileDamaged(
                "it holds another store's key".into(),
            )),
            None => Err(PassphraseError::Wrong),
        }
    }

    fn audit_passphrase_event(&mut self, what: &str) -> StoreResult<()> {
        let what = what.to_string();
        self.write(|tx| {
            tx.audit(
                super::AuditKind::Rekeyed,
                None,
                serde_json::json!({ "what": what }),
            )
            .map(|_| ())
        })
    }
}

impl KdfParams {
    /// The costlier of the two, so a passphrase change never lowers the stored parameters.
    fn at_least(self, other: KdfParams) -> KdfParams {
        let cost = |p: KdfParams| p.m_cost as u64 * p.t_cost as u64 * p.p_cost as u64;
        if cost(other) > cost(self) {
            other
        } else {
            self
        }
    }
}

fn check_length(passphrase: &str) -> PassphraseResult<()> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(PassphraseError::TooShort {
            min: MIN_PASSPHRASE_CHARS,
        });
    }
    Ok(())
}

fn derive(
    passphrase: &str,
    salt: &[u8],
    params: KdfParams,
) -> PassphraseResult<Zeroizing<[u8; 32]>> {
    let argon_params =
        argon2::Params::new(params.m_cost, params.t_cost, params.p_cost, Some(32))
            .map_err(|e| PassphraseError::WrapFileDamaged(format!("its Argon2 parameters: {e}")))?;
    let argon = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon_params,
    );
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, &mut out[..])
        .map_err(|e| PassphraseError::WrapFileDamaged(format!("deriving the key: {e}")))?;
    Ok(out)
}

fn seal_key(kek: &[u8; 32], key: &StoreKey) -> PassphraseResult<Sealed> {
    let cipher = XChaCha20Poly1305::new(kek.into());
    let nonce = random::<24>()?;
    let plaintext = key.to_hex();
    let ciphertext = cipher
        .encrypt(XNonce::from_slice(&nonce), plaintext.as_bytes())
        .map_err(|_| StoreError::InvalidInput("the store key could not be wrapped".into()))?;
    Ok(Sealed {
        nonce: hex::encode(nonce),
        ciphertext: hex::encode(ciphertext),
    })
}

/// The key, or None when the passphrase is not the one it was wrapped with.
fn open_key(kek: &[u8; 32], sealed: &Sealed) -> Option<StoreKey> {
    let nonce = hex::decode(&sealed.nonce).ok().filter(|n| n.len() == 24)?;
    let ciphertext = hex::decode(&sealed.ciphertext).ok()?;
    let cipher = XChaCha20Poly1305::new(kek.into());
    let plaintext = cipher
        .decrypt(XNonce::from_slice(&nonce), ciphertext.as_slice())
        .ok()?;
    StoreKey::from_key_file(plaintext).ok()
}

fn salt_of(wrap: &WrapFile) -> PassphraseResult<Vec<u8>> {
    hex::decode(&wrap.salt)
        .ok()
        .filter(|s| s.len() >= 16)
        .ok_or_else(|| PassphraseError::WrapFileDamaged("its salt".into()))
}

fn read_wrap(dir: &Path) -> PassphraseResult<WrapFile> {
    let text = match std::fs::read(dir.join(WRAP_FILE)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(PassphraseError::NotAPassphraseStore);
        }
        Err(e) => return Err(StoreError::io("could not read key-wrap.json", e).into()),
    };
    let wrap: WrapFile = serde_json::from_slice(&text)
        .map_err(|_| PassphraseError::WrapFileDamaged("it is not valid JSON".into()))?;
    if wrap.format != FORMAT || wrap.kdf != "argon2id" {
        return Err(PassphraseError::WrapFileDamaged(
            "its format is not one this Cunxin knows".into(),
        ));
    }
    Ok(wrap)
}

fn write_wrap(dir: &Path, wrap: &WrapFile) -> PassphraseResult<()> {
    let text = serde_json::to_vec_pretty(wrap)
        .map_err(|_| StoreError::InvalidInput("the wrapped key could not be written".into()))?;
    Layout::new(dir).replace_file(WRAP_FILE, &text)?;
    Ok(())
}

fn read_attempts(dir: &Path) -> Attempts {
    std::fs::read(dir.join(ATTEMPTS_FILE))
        .ok()
        .and_then(|t| serde_json::from_slice(&t).ok())
        .unwrap_or_default()
}

fn write_attempts(dir: &Path, attempts: &Attempts) -> PassphraseResult<()> {
    let text = serde_json::to_vec(attempts)
        .map_err(|_| StoreError::InvalidInput("the unlock attempts could not be written".into()))?;
    Layout::new(dir).replace_file(ATTEMPTS_FILE, &text)?;
    Ok(())
}

/// Seconds before the next try may be made.
fn wait_left(attempts: &Attempts, now: i64) -> u64 {
    if attempts.failures < FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (attempts.failures - FREE_ATTEMPTS).min(16);
    let delay = (5u64 << doublings).min(MAX_DELAY_SECS);
    let elapsed = now.saturating_sub(attempts.last_failure).max(0) as u64;
    delay.saturating_sub(elapsed)
}

fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

fn random<const N: usize>() -> Result<[u8; N], StoreError> {
    let mut bytes = [0u8; N];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|_| StoreError::Io {
            what: "the system random generator failed".into(),
            source: std::io::Error::other("getrandom"),
        })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick() -> KdfParams {
        KdfParams {
            m_cost: 256,
            t_cost: 1,
            p_cost: 1,
        }
    }

    #[test]
    fn a_passphrase_store_opens_with_its_passphrase_only_and_wrong_tries_are_delayed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        assert_eq!(lock_of(&path).unwrap(), StoreLock::NoStore);
        assert!(matches!(
            Store::create_with_passphrase_params(&path, "short", quick()),
            Err(PassphraseError::TooShort { .. })
        ));
        drop(Store::create_with_passphrase_params(&path, "correct horse", quick()).unwrap());
        let text = std::fs::read_to_string(path.join(WRAP_FILE)).unwrap();
        assert!(
            text.contains("argon2id") && text.contains("\"m_cost\": 256"),
            "{text}"
        );

        for n in 1..=FREE_ATTEMPTS {
            assert!(matches!(
                Store::open_with_passphrase(&path, "battery staple"),
                Err(PassphraseError::Wrong)
            ));
            assert_eq!(
                lock_of(&path).unwrap(),
                StoreLock::Passphrase {
                    failed_attempts: n,
                    retry_after_seconds: if n < FREE_ATTEMPTS { 0 } else { 5 }
                }
            );
        }
        // Even the right passphrase waits now, and the wait survives a restart (a file).
        match Store::open_with_passphrase(&path, "correct horse") {
            Err(PassphraseError::Delayed { seconds }) => assert!((4..=5).contains(&seconds)),
            other => panic!("{other:?}"),
        }
        let mut attempts = read_attempts(&path);
        attempts.last_failure -= 6;
        write_attempts(&path, &attempts).unwrap();
        let store = Store::open_with_passphrase(&path, "correct horse").unwrap();
        assert!(store.has_passphrase());
        drop(store);
        assert_eq!(
            lock_of(&path).unwrap(),
            StoreLock::Passphrase {
                failed_attempts: 0,
                retry_after_seconds: 0
            }
        );
    }

    #[test]
    fn delays_double_up_to_the_cap() {
        let at = |failures| {
            wait_left(
                &Attempts {
                    failures,
                    last_failure: 1000,
                },
                1000,
            )
        };
        assert_eq!(
            [at(2), at(3), at(4), at(5), at(9), at(40)],
            [0, 5, 10, 20, 300, 300]
        );
    }

    #[test]
    fn passphrase_change_and_key_rotation_keep_the_store_readable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        let mut store =
            Store::create_with_passphrase_params(&path, "first passphrase", quick()).unwrap();
        store.set_operator("GM0412").unwrap();
        let files_before = std::fs::read_dir(path.join("files")).unwrap().count();
        assert!(matches!(
            store.change_passphrase("not it at all", "second passphrase"),
            Err(PassphraseError::Wrong)
        ));
        store
            .change_passphrase("first passphrase", "second passphrase")
            .unwrap();
        store
            .rotate_key_with_passphrase("second passphrase")
            .unwrap();
        drop(store);
        assert!(matches!(
            Store::open_with_passphrase(&path, "first passphrase"),
            Err(PassphraseError::Wrong)
        ));
        let store = Store::open_with_passphrase(&path, "second passphrase").unwrap();
        assert_eq!(store.operator(), Some("GM0412"));
        assert_eq!(
            std::fs::read_dir(path.join("files")).unwrap().count(),
            files_before
        );
    }

    #[test]
    fn an_interrupted_rotation_opens_under_either_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        let store =
            Store::create_with_passphrase_params(&path, "rotate me please", quick()).unwrap();
        drop(store);
        // As if the app died after writing the pending key, before the database changed.
        let mut wrap = read_wrap(&path).unwrap();
        let kek = derive("rotate me please", &salt_of(&wrap).unwrap(), wrap.params).unwrap();
        wrap.pending = Some(seal_key(&kek, &StoreKey::generate().unwrap()).unwrap());
        write_wrap(&path, &wrap).unwrap();
        drop(Store::open_with_passphrase(&path, "rotate me please").unwrap());
        assert!(
            read_wrap(&path).unwrap().pending.is_none(),
            "settled on open"
        );
        drop(Store::open_with_passphrase(&path, "rotate me please").unwrap());
    }

    #[test]
    fn a_raw_key_store_is_not_a_passphrase_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        drop(Store::create(&path, &StoreKey::generate().unwrap()).unwrap());
        assert_eq!(lock_of(&path).unwrap(), StoreLock::RawKey);
        assert!(matches!(
            Store::open_with_passphrase(&path, "whatever it is"),
            Err(PassphraseError::NotAPassphraseStore)
        ));
    }
}
