//! The bank's keys, read from the files the configuration names: the age identity that
//! decrypts batches, the platform's minisign key that signs receipts, and the registered
//! devices' public keys. Devices are read again for every batch, so registering a new tablet
//! is dropping its `device.pub` into the folder — no restart.

use crate::config::KeysConfig;
use cunxin_core::batch::{SigningKey, parse_identities, parse_public_key};
use std::path::Path;

pub struct BankKeys {
    pub identities: Vec<age::x25519::Identity>,
    pub platform_key: SigningKey,
}

fn read(path: &Path, what: &str) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|e| format!("could not read {what} {}: {e}", path.display()))
}

impl BankKeys {
    pub fn load(config: &KeysConfig) -> Result<BankKeys, String> {
        let source = config.bank_identity.display().to_string();
        let identities =
            parse_identities(&read(&config.bank_identity, "the bank identity")?, &source)
                .map_err(|e| e.to_string())?;
        let platform_key =
            SigningKey::from_secret_key_text(&read(&config.platform_key, "the platform key")?)
                .map_err(|e| format!("{}: {e}", config.platform_key.display()))?;
        Ok(BankKeys {
            identities,
            platform_key,
        })
    }
}

/// The public keys (`*.pub`) in the devices folder. A file that is not a minisign public key
/// stops the platform from trusting a half-registered folder.
pub fn registered_devices(dir: &Path) -> Result<Vec<minisign::PublicKey>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("could not list the devices folder {}: {e}", dir.display()))?;
    let mut keys = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("could not list the devices folder {}: {e}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "pub") {
            let key = parse_public_key(&read(&path, "the device key")?)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            keys.push(key);
        }
    }
    Ok(keys)
}
