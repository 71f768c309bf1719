//! The device's identity: a random device id, an Ed25519 minisign key pair that signs its
//! batches and requests, and an age X25519 identity the bank's work packages are encrypted
//! to; generated once and kept inside the encrypted store (settings), never in a file of
//! their own. The bank registers a device by both public keys (`device.pub` and its `age1…`).

use super::error::BatchError;
use super::keys::{SigningKey, public_key_text};
use super::manifest::DeviceInfo;
use crate::store::Store;
use rand::TryRngCore;

pub(crate) const DEVICE_ID: &str = "device_id";
pub(crate) const DEVICE_SECRET_KEY: &str = "device_secret_key";
pub(crate) const DEVICE_PUBLIC_KEY: &str = "device_public_key";
pub(crate) const DEVICE_PACKAGE_IDENTITY: &str = "device_package_identity";
pub(crate) const LAST_BATCH_ID: &str = "last_batch_id";
/// `batch_manifest_sha256.<batch id>`: what a receipt for that batch must name.
pub(crate) const MANIFEST_SHA_PREFIX: &str = "batch_manifest_sha256.";

/// This device's id, signing key and package identity.
pub struct DeviceIdentity {
    pub device_id: String,
    key: SigningKey,
    package_identity: age::x25519::Identity,
}

impl std::fmt::Debug for DeviceIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret halves stay out of debug output.
        f.debug_struct("DeviceIdentity")
            .field("device_id", &self.device_id)
            .field("key_id", &self.key_id())
            .finish_non_exhaustive()
    }
}

pub(crate) fn random_hex<const N: usize>() -> Result<String, BatchError> {
    let mut bytes = [0u8; N];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).map_err(|_| {
        BatchError::InvalidKey("the system random generator failed; try again".into())
    })?;
    Ok(hex::encode(bytes))
}

impl DeviceIdentity {
    /// The device's identity, created (and kept in the store) the first time.
    pub fn load_or_create(store: &mut Store) -> Result<DeviceIdentity, BatchError> {
        let device_id = match store.setting(DEVICE_ID)? {
            Some(id) if !id.is_empty() => id,
            _ => {
                let id = format!("cx-{}", random_hex::<8>()?);
                store.set_setting(DEVICE_ID, &id)?;
                id
            }
        };
        let secret = store
            .setting(DEVICE_SECRET_KEY)?
            .map(zeroize::Zeroizing::new);
        let key = match secret {
            Some(text) => SigningKey::from_secret_key_text(&text).map_err(|_| {
                BatchError::InvalidKey(
                    "the device's signing key in the store is damaged; restore the store from a backup"
                        .into(),
                )
            })?,
            None => {
                let key = SigningKey::generate()?;
                store.set_setting(DEVICE_SECRET_KEY, &key.secret_key_text()?)?;
                key
            }
        };
        let package_identity = load_or_create_package_identity(store)?;
        let identity = DeviceIdentity {
            device_id,
            key,
            package_identity,
        };
        let public = identity.key.public_key().to_base64();
        if store.setting(DEVICE_PUBLIC_KEY)?.as_deref() != Some(public.as_str()) {
            store.set_setting(DEVICE_PUBLIC_KEY, &public)?;
        }
        Ok(identity)
    }

    pub fn key_id(&self) -> String {
        self.key.key_id()
    }

    pub(crate) fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    /// The public key as a minisign `.pub` file (`device.pub`).
    pub fn public_key_text(&self) -> String {
        public_key_text(
            self.key.public_key(),
            &format!(
                "minisign public key {} of Cunxin device {}",
                self.key_id(),
                self.device_id
            ),
        )
    }

    /// The age recipient (`age1…`) the bank encrypts this device's work packages to.
    pub fn package_recipient(&self) -> String {
        self.package_identity.to_public().to_string()
    }

    /// The identity that opens this device's work packages.
    pub(crate) fn package_identity(&self) -> &age::x25519::Identity {
        &self.package_identity
    }

    pub(crate) fn info(&self) -> DeviceInfo {
        DeviceInfo {
            device_id: self.device_id.clone(),
            public_key: self.key.public_key().to_base64(),
            key_id: self.key_id(),
        }
    }
}

/// The package identity kept in the store; created the first time (stores made before work
/// packages existed get theirs at their next opening).
fn load_or_create_package_identity(store: &mut Store) -> Result<age::x25519::Identity, BatchError> {
    use age::secrecy::ExposeSecret;
    if let Some(text) = store
        .setting(DEVICE_PACKAGE_IDENTITY)?
        .map(zeroize::Zeroizing::new)
    {
        return text.parse().map_err(|_| {
            BatchError::InvalidKey(
                "the device's package key in the store is damaged; restore the store from a backup"
                    .into(),
            )
        });
    }
    let identity = age::x25519::Identity::generate();
    store.set_setting(
        DEVICE_PACKAGE_IDENTITY,
        identity.to_string().expose_secret(),
    )?;
    Ok(identity)
}

/// The device's public key as a minisign `.pub` file, creating the identity if needed.
pub fn export_public_key(store: &mut Store) -> Result<String, BatchError> {
    Ok(DeviceIdentity::load_or_create(store)?.public_key_text())
}

/// The id of the last batch this device sealed; None before the first.
pub fn last_batch_id(store: &Store) -> Result<Option<String>, BatchError> {
    Ok(store.setting(LAST_BATCH_ID)?.filter(|id| !id.is_empty()))
}
