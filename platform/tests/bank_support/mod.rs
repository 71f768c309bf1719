//! A bank for tests: its age identity, the platform's signing key and public key, a devices
//! folder, and the platform configuration naming them — all real files in a folder.
#![allow(dead_code)]

use age::secrecy::ExposeSecret;
use cunxin_core::batch::{SigningKey, export_public_key, public_key_text};
use cunxin_core::store::Store;
use cunxin_platform::Config;
use cunxin_platform::config::KeysConfig;
use std::path::{Path, PathBuf};

pub struct Bank {
    pub config: Config,
    pub recipient: age::x25519::Recipient,
    /// The platform's public key file, as a device is given it.
    pub platform_pub: PathBuf,
    pub platform_key: minisign::PublicKey,
    pub devices_dir: PathBuf,
}

pub fn bank(dir: &Path) -> Bank {
    std::fs::create_dir_all(dir).unwrap();
    let identity = age::x25519::Identity::generate();
    let identity_path = dir.join("bank.key");
    std::fs::write(
        &identity_path,
        format!("{}\n", identity.to_string().expose_secret()),
    )
    .unwrap();
    let platform = SigningKey::generate().unwrap();
    let platform_key_path = dir.join("platform.key");
    std::fs::write(
        &platform_key_path,
        platform.secret_key_text().unwrap().as_bytes(),
    )
    .unwrap();
    let platform_pub = dir.join("platform.pub");
    std::fs::write(
        &platform_pub,
        public_key_text(platform.public_key(), "platform"),
    )
    .unwrap();
    let devices_dir = dir.join("devices");
    std::fs::create_dir_all(&devices_dir).unwrap();
    let mut config = Config::storage_only(&dir.join("data"));
    config.keys = Some(KeysConfig {
        bank_identity: identity_path,
        platform_key: platform_key_path,
        devices_dir: devices_dir.clone(),
    });
    Bank {
        config,
        recipient: identity.to_public(),
        platform_pub,
        platform_key: platform.public_key().clone(),
        devices_dir,
    }
}

impl Bank {
    /// Registers the store's device key, as the branch does when it issues a tablet.
    pub fn register(&self, store: &mut Store, name: &str) {
        let text = export_public_key(store).unwrap();
        std::fs::write(self.devices_dir.join(format!("{name}.pub")), text).unwrap();
    }

    pub fn data_dir(&self) -> &Path {
        &self.config.data_dir
    }

    /// A file the platform kept (encrypted to the bank's key), read as the bank reads it.
    pub fn read_kept(&self, file: &Path) -> Vec<u8> {
        use std::io::Read;
        let keys = self.config.keys.as_ref().unwrap();
        let identity: age::x25519::Identity = std::fs::read_to_string(&keys.bank_identity)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let mut plain = Vec::new();
        age::Decryptor::new_buffered(&std::fs::read(file).unwrap()[..])
            .unwrap()
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .unwrap()
            .read_to_end(&mut plain)
            .unwrap();
        plain
    }
}
