//! The store's 32-byte key and the small public fingerprint that tells a wrong key from a
//! damaged file without ever touching the database.

use super::error::StoreError;
use rand::TryRngCore;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

/// Length of a store key in bytes.
pub const KEY_LEN: usize = 32;

/// The 32 random bytes that encrypt a store. Wiped from memory when dropped.
///
/// On Android the app generates it once and keeps it wrapped by the Keystore; on a PC it
/// lives in a key file (see [`StoreKey::from_key_file`]).
#[derive(Clone)]
pub struct StoreKey(Zeroizing<[u8; KEY_LEN]>);

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreKey(..)")
    }
}

impl StoreKey {
    /// A new random key from the operating system's generator.
    pub fn generate() -> Result<StoreKey, StoreError> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        rand::rngs::OsRng
            .try_fill_bytes(&mut bytes[..])
            .map_err(|_| StoreError::Io {
                what: "the system random generator failed".into(),
                source: std::io::Error::other("getrandom"),
            })?;
        Ok(StoreKey(bytes))
    }

    /// Takes the key bytes; the caller's copy should be wiped (see [`StoreKey::from_vec`]).
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> StoreKey {
        StoreKey(Zeroizing::new(bytes))
    }

    /// Takes 32 key bytes from a buffer and wipes the buffer, whatever happens.
    pub fn from_vec(mut bytes: Vec<u8>) -> Result<StoreKey, StoreError> {
        let key = Self::from_slice(&bytes);
        bytes.zeroize();
        key
    }

    /// Copies 32 key bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<StoreKey, StoreError> {
        if bytes.len() != KEY_LEN {
            return Err(StoreError::InvalidInput(format!(
                "a store key is exactly {KEY_LEN} bytes; this one has {}",
                bytes.len()
            )));
        }
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(bytes);
        Ok(StoreKey(key))
    }

    /// Reads a key file's content: either exactly 32 raw bytes, or 64 hexadecimal characters
    /// (surrounding whitespace and a trailing newline allowed). The content is wiped after use.
    pub fn from_key_file(mut content: Vec<u8>) -> Result<StoreKey, StoreError> {
        let key = if content.len() == KEY_LEN {
            Self::from_slice(&content)
        } else {
            let text = content.trim_ascii();
            let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
            match hex::decode_to_slice(text, &mut bytes[..]) {
                Ok(()) => Ok(StoreKey(bytes)),
                Err(_) => Err(StoreError::InvalidInput(
                    "the key file must hold exactly 32 bytes or 64 hexadecimal characters".into(),
                )),
            }
        };
        content.zeroize();
        key
    }

    /// The key as 64 lowercase hex characters, for writing a key file.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(&self.0[..]))
    }

    /// The raw-key form SQLCipher takes (`x'<64 hex>'`): no key derivation on open.
    pub(crate) fn sqlcipher_form(&self) -> Zeroizing<Vec<u8>> {
        let mut form = Zeroizing::new(Vec::with_capacity(3 + 2 * KEY_LEN));
        form.extend_from_slice(b"x'");
        let hex = self.to_hex();
        form.extend_from_slice(hex.as_bytes());
        form.push(b'\'');
        form
    }

    /// A public fingerprint of the key. Safe to store beside the database: it is a hash of
    /// 256 random bits, so it reveals nothing about the key.
    pub(crate) fn fingerprint(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"cunxin store key fingerprint v1\0");
        hasher.update(&self.0[..]);
        hex::encode(hasher.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_hold_raw_bytes_or_hex() {
        let raw = vec![7u8; 32];
        let from_raw = StoreKey::from_key_file(raw).unwrap();
        let hex_text = format!("  {}\n", "07".repeat(32)).into_bytes();
        let from_hex = StoreKey::from_key_file(hex_text).unwrap();
        assert_eq!(from_raw.fingerprint(), from_hex.fingerprint());
        let upper = "AB".repeat(32).into_bytes();
        assert!(StoreKey::from_key_file(upper).is_ok());
        let err = StoreKey::from_key_file(b"too short".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the key file must hold exactly 32 bytes or 64 hexadecimal characters"
        );
        assert!(StoreKey::from_key_file("zz".repeat(32).into_bytes()).is_err());
    }

    #[test]
    fn keys_never_print_and_fingerprints_differ() {
        let a = StoreKey::generate().unwrap();
        let b = StoreKey::generate().unwrap();
        assert_eq!(format!("{a:?}"), "StoreKey(..)");
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.sqlcipher_form().len(), 67);
        assert!(a.sqlcipher_form().starts_with(b"x'"));
    }
}
