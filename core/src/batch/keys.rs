//! Keys in their standard text formats: minisign Ed25519 signing keys (the device's, the
//! platform's), minisign public key files, age X25519 recipients and identities.

use super::error::BatchError;
use minisign::{PublicKey, PublicKeyBox, SecretKey, SecretKeyBox, SignatureBox};
use std::io::Read;
use zeroize::Zeroizing;

/// Key files are small; anything larger is not one.
const KEY_FILE_LIMIT: usize = 64 * 1024;

/// A minisign Ed25519 key pair (unencrypted secret key: it is kept inside the encrypted store
/// or, for the platform, in the platform's own protected key storage).
#[derive(Clone)]
pub struct SigningKey {
    sk: SecretKey,
    pk: PublicKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("key_id", &self.key_id())
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A new random key pair.
    pub fn generate() -> Result<SigningKey, BatchError> {
        let pair = minisign::KeyPair::generate_unencrypted_keypair().map_err(|_| {
            BatchError::InvalidKey("the system random generator failed; try again".into())
        })?;
        Ok(SigningKey {
            sk: pair.sk,
            pk: pair.pk,
        })
    }

    /// Reads an unencrypted minisign secret key box (the text [`SigningKey::secret_key_text`]
    /// writes).
    pub fn from_secret_key_text(text: &str) -> Result<SigningKey, BatchError> {
        let bad = || {
            BatchError::InvalidKey(
                "the signing key is not an unencrypted minisign secret key".into(),
            )
        };
        let lines = text.lines().count();
        if text.len() > KEY_FILE_LIMIT || lines < 2 {
            return Err(bad());
        }
        let key_box = SecretKeyBox::from_string(text).map_err(|_| bad())?;
        let sk = match SecretKey::from_unencrypted_box(key_box) {
            Ok(sk) => sk,
            Err(_) => stock_unencrypted_key(text).ok_or_else(bad)?,
        };
        if sk.is_encrypted() {
            return Err(bad());
        }
        let pk = PublicKey::from_secret_key(&sk).map_err(|_| bad())?;
        let key = SigningKey { sk, pk };
        // A key read without its checksum proves itself: it must sign what its public half verifies.
        const PROBE: &[u8] = b"cunxin key check";
        let verifies = key
            .sign(PROBE, "key check", "key check")
            .ok()
            .and_then(|probe| parse_signature(&probe))
            .is_some_and(|sig| {
                let data = std::io::Cursor::new(PROBE);
                minisign::verify(&key.pk, &sig, data, true, false, false).is_ok()
            });
        if !verifies {
            return Err(bad());
        }
        Ok(key)
    }

    /// The secret key as an unencrypted minisign secret key box (wiped when dropped).
    pub fn secret_key_text(&self) -> Result<Zeroizing<String>, BatchError> {
        let key_box = self
            .sk
            .to_box(Some("cunxin signing key"))
            .map_err(|_| BatchError::InvalidKey("the signing key cannot be written".into()))?;
        Ok(Zeroizing::new(key_box.into_string()))
    }

    pub fn public_key(&self) -> &PublicKey {
        &self.pk
    }

    /// For sealing's own prehashed signer (`seal/sign_stage.rs`).
    pub(crate) fn secret_key(&self) -> &SecretKey {
        &self.sk
    }

    /// The minisign key id: 16 upper-case hex digits, as `minisign` prints it.
    pub fn key_id(&self) -> String {
        key_id(&self.pk)
    }

    /// Signs everything `data` yields (prehashed, as `minisign -S` does by default), with a
    /// trusted comment that the signature covers. Returns the `.minisig` text.
    pub fn sign(
        &self,
        data: impl Read,
        trusted_comment: &str,
        untrusted_comment: &str,
    ) -> Result<String, BatchError> {
        let clean = |c: &str| c.replace(['\n', '\r'], " ");
        minisign::sign(
            Some(&self.pk),
            &self.sk,
            data,
            Some(&clean(trusted_comment)),
            Some(&clean(untrusted_comment)),
        )
        .map(SignatureBox::into_string)
        .map_err(|e| match e.kind() {
            minisign::ErrorKind::Io => BatchError::io(
                "could not read the data to sign",
                std::io::Error::other(e.to_string()),
            ),
            _ => BatchError::InvalidKey("the data could not be signed with this key".into()),
        })
    }
}

/// Stock `minisign -G -W` (0.11) writes an unencrypted secret key with an all-zero checksum,
/// which the `minisign` crate refuses as corrupted. Such a key (no KDF, zero checksum) is read
/// as it is; the caller checks that it signs what its public half verifies.
fn stock_unencrypted_key(text: &str) -> Option<SecretKey> {
    use base64::Engine;
    const NO_KDF: [u8; 2] = [0, 0];
    const CHECKSUM_BYTES: usize = 32;
    let encoded = text.lines().nth(1)?.trim();
    let bytes = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()?,
    );
    let zero_checksum = bytes.len() > CHECKSUM_BYTES
        && bytes[bytes.len() - CHECKSUM_BYTES..]
            .iter()
            .all(|b| *b == 0);
    if bytes.get(2..4)? != NO_KDF || !zero_checksum {
        return None;
    }
    SecretKey::from_bytes(&bytes).ok()
}

/// Parses a minisign signature (`.minisig` text) for verification. Checks what
/// `minisign` 0.10 does not before it verifies: its `verify` panics on a global signature
/// (the fourth line) that is not exactly 64 bytes, so such a signature is refused here.
pub(crate) fn parse_signature(text: &str) -> Option<SignatureBox> {
    use base64::Engine;
    let global = text.lines().nth(3)?.trim();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(global)
        .ok()?;
    if decoded.len() != 64 {
        return None;
    }
    SignatureBox::from_string(text).ok()
}

/// A public key's minisign key id: 16 upper-case hex digits (the key number, little-endian).
pub fn key_id(pk: &PublicKey) -> String {
    let mut bytes = [0u8; 8];
    let keynum = pk.keynum();
    let n = keynum.len().min(8);
    bytes[..n].copy_from_slice(&keynum[..n]);
    format!("{:016X}", u64::from_le_bytes(bytes))
}

/// A public key as a minisign `.pub` file: an untrusted comment line, then the key.
pub fn public_key_text(pk: &PublicKey, comment: &str) -> String {
    let comment: String = comment.chars().filter(|c| !c.is_control()).collect();
    format!("untrusted comment: {comment}\n{}\n", pk.to_base64())
}

/// Reads a minisign public key: a `.pub` file (comment line, key line) or the bare base64 key.
pub fn parse_public_key(text: &str) -> Result<PublicKey, BatchError> {
    let bad = || {
        BatchError::InvalidKey(
            "the file is not a minisign public key (an \"untrusted comment:\" line, then a line starting with RW)".into(),
        )
    };
    if text.len() > KEY_FILE_LIMIT {
        return Err(bad());
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let key = match lines.as_slice() {
        [key] => PublicKey::from_base64(key),
        [comment, key, ..] if comment.starts_with("untrusted comment:") => PublicKey::from_box(
            PublicKeyBox::from_string(&format!("{comment}\n{key}\n")).map_err(|_| bad())?,
        ),
        _ => return Err(bad()),
    };
    let key = key.map_err(|_| bad())?;
    // Ed25519 only ("Ed" algorithm id), as minisign writes it.
    if key.to_bytes().get(..2) != Some(b"Ed") {
        return Err(bad());
    }
    Ok(key)
}

/// Reads age recipients: one `age1…` X25519 public key per line; empty lines and `#`
/// comments are skipped. `source` names the file in messages.
pub fn parse_recipients(
    text: &str,
    source: &str,
) -> Result<Vec<age::x25519::Recipient>, BatchError> {
    if text.len() > KEY_FILE_LIMIT {
        return Err(BatchError::InvalidKey(format!(
            "{source} is too large to be an age recipients file"
        )));
    }
    let mut recipients = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let recipient = line.parse::<age::x25519::Recipient>().map_err(|_| {
            BatchError::InvalidKey(format!(
                "line {} of {source} is not an age public key (age1…); give the bank's recipients file",
                n + 1
            ))
        })?;
        recipients.push(recipient);
    }
    if recipients.is_empty() {
        return Err(BatchError::InvalidKey(format!(
            "{source} holds no age public key (age1…); give the bank's recipients file"
        )));
    }
    Ok(recipients)
}

/// Reads an age identity file (as `age-keygen` writes it): `AGE-SECRET-KEY-1…` lines, with
/// `#` comments. `source` names the file in messages; the key itself never appears.
pub fn parse_identities(
    text: &str,
    source: &str,
) -> Result<Vec<age::x25519::Identity>, BatchError> {
    let mut identities = Vec::new();
    if text.len() <= KEY_FILE_LIMIT {
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.parse::<age::x25519::Identity>() {
                Ok(identity) => identities.push(identity),
                Err(_) => {
                    identities.clear();
                    break;
                }
            }
        }
    }
    if identities.is_empty() {
        return Err(BatchError::InvalidKey(format!(
            "{source} is not an age identity file (AGE-SECRET-KEY-1… lines, as age-keygen writes)"
        )));
    }
    Ok(identities)
}

/// The device's key signs its upload requests (the upload layer names only the trait).
impl crate::upload::RequestSigner for SigningKey {
    fn sign_message(&self, message: &[u8]) -> Result<String, String> {
        self.sign(
            message,
            crate::upload::signature::SIGNATURE_SCHEME,
            "cunxin upload request",
        )
        .map_err(|e| e.to_string())
    }
}
