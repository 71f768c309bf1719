//! The device's identity: a random device id and an Ed25519 minisign key pair, generated
//! once and kept inside the encrypted store (settings), never in a file of its own. The
//! bank trusts a device by its public key (`device.pub`).

use super::error::BatchError;
use super::keys::{SigningKey, public_key_text};
use super::manifest::DeviceInfo;
use crate::store::Store;
use rand::TryRngCore;

pub(crate) const DEVICE_ID: &str = "device_id";
pub(crate) const DEVICE_SECRET_KEY: &str = "device_secret_key";
pub(crate) const DEVICE_PUBLIC_KEY: &str = "device_public_key";
pub(crate) const LAST_BATCH_ID: &str = "last_batch_id";
/// `batch_manifest_sha256.<batch id>`: what a receipt for that batch must name.
pub(crate) const MANIFEST_SHA_PREFIX: &str = "batch_manifest_sha256.";

/// This device's id and signing key.
#[derive(Debug)]
pub struct DeviceIdentity {
    pub device_id: String,
    key: SigningKey,
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
        let identity = DeviceIdentity { device_id, key };
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

    pub(crate) fn info(&self) -> DeviceInfo {
        DeviceInfo {
            device_id: self.device_id.clone(),
            public_key: self.key.public_key().to_base64(),
            key_id: self.key_id(),
        }
    }
}

/// The device's public key as a minisign `.pub` file, creating the identity if needed.
pub fn export_public_key(store: &mut Store) -> Result<String, BatchError> {
    Ok(DeviceIdentity::load_or_create(store)?.public_key_text())
}

/// The id of the last batch this device sealed; None before the first.
pub fn last_batch_id(store: &Store) -> Result<Option<String>, BatchError> {
    Ok(store.setting(LAST_BATCH_ID)?.filter(|id| !id.is_empty()))
}
