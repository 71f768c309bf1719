//! The bank's keys, read from the files the configuration names: the age identity that
//! decrypts batches, the platform's minisign key that signs receipts, and the registered
//! devices' public keys. Devices are read again for every batch, so registering a new tablet
//! is dropping its `device.pub` into the folder — no restart.
//!
//! Registering binds a device id to one key: the id the key file names (`cunxin device key`
//! writes "… of Cunxin device cx-…" in its comment), or else the file's name without `.pub`
//! (a key from stock `minisign -G`, registered as `<device id>.pub`). One id per key and one
//! key per id; a batch is taken only from the key registered for the device it names.

use crate::config::KeysConfig;
use cunxin_core::batch::{SigningKey, key_id, parse_identities, parse_public_key};
use std::path::{Path, PathBuf};

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

    /// The bank's own age recipient: what the platform encrypts the files it keeps to.
    pub fn recipient(&self) -> age::x25519::Recipient {
        self.identities[0].to_public()
    }
}

/// A registered device: its id and the one key that may sign its batches.
#[derive(Debug, Clone)]
pub struct RegisteredDevice {
    pub device_id: String,
    pub key: minisign::PublicKey,
    /// The registration file.
    pub file: PathBuf,
}

impl RegisteredDevice {
    /// The key's minisign id (16 hex digits).
    pub fn key_id(&self) -> String {
        key_id(&self.key)
    }
}

/// The registered devices (`*.pub`) in the devices folder. A file that is not a minisign
/// public key, or two files naming one device or one key, stop the platform from trusting
/// a half-registered folder.
pub fn registered_devices(dir: &Path) -> Result<Vec<RegisteredDevice>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("could not list the devices folder {}: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("could not list the devices folder {}: {e}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "pub") {
            paths.push(path);
        }
    }
    paths.sort();
    let mut devices: Vec<RegisteredDevice> = Vec::with_capacity(paths.len());
    for path in paths {
        let text = read(&path, "the device key")?;
        let key = parse_public_key(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let device_id = device_id_of(&text, &path).ok_or_else(|| {
            format!(
                "{} names no device: name the file <device id>.pub, or register the key `cunxin device key` wrote",
                path.display()
            )
        })?;
        if let Some(other) = devices.iter().find(|d| d.device_id == device_id) {
            return Err(format!(
                "{} and {} both register device {device_id}; a device has one key, remove the stale one",
                other.file.display(),
                path.display()
            ));
        }
        if let Some(other) = devices.iter().find(|d| d.key.keynum() == key.keynum()) {
            return Err(format!(
                "{} and {} register the same key for devices {} and {device_id}; a key belongs to one device",
                other.file.display(),
                path.display(),
                other.device_id
            ));
        }
        devices.push(RegisteredDevice {
            device_id,
            key,
            file: path,
        });
    }
    Ok(devices)
}

/// The device id a registration file names: its comment's `Cunxin device <id>`, or the
/// file's name.
fn device_id_of(text: &str, path: &Path) -> Option<String> {
    let comment = text.lines().next().unwrap_or_default();
    let named = comment
        .split_once("Cunxin device ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .map(str::to_string);
    let id = named.or_else(|| Some(path.file_stem()?.to_str()?.to_string()))?;
    cunxin_core::batch::manifest::is_safe_batch_id(&id).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comment_names_the_device_and_the_file_name_stands_in_for_stock_keys() {
        let path = Path::new("/devices/tablet-1.pub");
        assert_eq!(
            device_id_of(
                "untrusted comment: minisign public key ABCD of Cunxin device cx-0011\nRWQ…\n",
                path
            )
            .as_deref(),
            Some("cx-0011")
        );
        assert_eq!(
            device_id_of("untrusted comment: minisign public key ABCD\nRWQ…\n", path).as_deref(),
            Some("tablet-1")
        );
        assert_eq!(device_id_of("x\n", Path::new("/devices/../.pub")), None);
    }
}
