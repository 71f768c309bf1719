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
    /// What one device, one connection and the disk may take.
    #[serde(default)]
    pub limits: Limits,
}

/// The receiver's limits, so no client — slow, broken or hostile — can take it from the
/// others. Every field has a default fit for a branch's receiver.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// How far a request's signed time may be from the receiver's clock (seconds).
    pub signature_window_seconds: u64,
    /// Unfinished uploads one device may hold at once.
    pub uploads_per_device: usize,
    /// Bytes one device's unfinished uploads may reserve in all.
    pub bytes_in_flight_per_device: u64,
    /// Creation is refused (507) when the data folder's disk would keep less than this
    /// free after every unfinished upload has arrived.
    pub free_space_floor_bytes: u64,
    /// An unfinished upload untouched this long is removed (tus Expiration).
    pub abandoned_after_seconds: u64,
    /// A request's headers must arrive within this time, and a kept-alive connection
    /// that sends nothing is closed after it.
    pub header_timeout_seconds: u64,
    /// A chunk's body silent this long is taken as cut.
    pub body_idle_seconds: u64,
    /// A chunk's body slower than this on average (after its first idle window) is cut.
    pub min_body_bytes_per_second: u64,
    /// Connections served at once; more are answered 503 and closed.
    pub max_connections: usize,
    /// Blocking file writes in flight at once (chunks wait their turn).
    pub file_writes: usize,
    /// Batches opened at once (each is CPU and disk heavy).
    pub concurrent_intakes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            signature_window_seconds: 300,
            uploads_per_device: 4,
            bytes_in_flight_per_device: 4 * 1024 * 1024 * 1024,
            free_space_floor_bytes: 1024 * 1024 * 1024,
            abandoned_after_seconds: 3 * 24 * 3600,
            header_timeout_seconds: 15,
            body_idle_seconds: 30,
            min_body_bytes_per_second: 1024,
            max_connections: 256,
            file_writes: 8,
            concurrent_intakes: 2,
        }
    }
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
            // A test's temporary folder sits on whatever disk there is.
            // and its tests make many uploads as the one anonymous device.
            limits: Limits {
                free_space_floor_bytes: 0,
                uploads_per_device: 10_000,
                bytes_in_flight_per_device: u64::MAX,
                ..Limits::default()
            },
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
        assert_eq!(config.limits.uploads_per_device, 4, "defaults");
        let keys = config.keys.unwrap();
        assert_eq!(
            keys.devices_dir,
            path.parent().unwrap().join("keys/devices")
        );
    }

    #[test]
    fn limits_are_read_from_their_table_and_unknown_ones_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("platform.toml");
        let base = "listen = \"127.0.0.1:0\"\ndata_dir = \"data\"\n[limits]\n";
        std::fs::write(
            &path,
            format!("{base}uploads_per_device = 2\nmax_connections = 9\n"),
        )
        .unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(config.limits.uploads_per_device, 2);
        assert_eq!(config.limits.max_connections, 9);
        assert_eq!(config.limits.header_timeout_seconds, 15);
        std::fs::write(&path, format!("{base}uploads_per_tablet = 2\n")).unwrap();
        let e = Config::load(&path).unwrap_err();
        assert!(e.contains("uploads_per_tablet"), "{e}");
    }
}
