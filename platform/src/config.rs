//! The platform's configuration file (TOML). Relative paths are taken from the file's
//! own folder, so a configuration folder can be moved as a whole.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// 2 GiB: far above any sealed batch (a village's photos are tens of megabytes).
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 2 * 1024 * 1024 * 1024;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the HTTP service listens, e.g. `0.0.0.0:8080`.
    pub listen: SocketAddr,
    /// Uploads, the households database and their files.
    pub data_dir: PathBuf,
    #[serde(default = "default_max")]
    pub max_upload_bytes: u64,
    /// Without keys, uploads are only stored (a plain tus server), never opened.
    #[serde(default)]
    pub keys: Option<KeysConfig>,
}

/// The bank's keys and the devices it trusts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeysConfig {
    /// The bank's age identity, which decrypts batches.
    pub bank_identity: PathBuf,
    /// The platform's minisign secret key, which signs receipts.
    pub platform_key: PathBuf,
    /// A folder of registered devices' minisign public keys (`*.pub`).
    pub devices_dir: PathBuf,
}

fn default_max() -> u64 {
    DEFAULT_MAX_UPLOAD_BYTES
}

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "could not read the configuration file {}: {e}",
                path.display()
            )
        })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            format!(
                "the configuration file {} is not valid: {}",
                path.display(),
                e.message()
            )
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        config.resolve(base);
        Ok(config)
    }

    /// A storage-only configuration (tests, benchmarks).
    pub fn storage_only(data_dir: &Path) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.to_path_buf(),
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            keys: None,
        }
    }

    fn resolve(&mut self, base: &Path) {
        let join = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        join(&mut self.data_dir);
        if let Some(keys) = &mut self.keys {
            join(&mut keys.bank_identity);
            join(&mut keys.platform_key);
            join(&mut keys.devices_dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_configuration_loads_with_paths_beside_it() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("platform.example.toml");
        let config = Config::load(&path).unwrap();
        assert_eq!(config.listen, "0.0.0.0:8080".parse().unwrap());
        assert_eq!(config.data_dir, path.parent().unwrap().join("data"));
        let keys = config.keys.unwrap();
        assert_eq!(
            keys.devices_dir,
            path.parent().unwrap().join("keys/devices")
        );
    }
}
