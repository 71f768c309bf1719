//! What the upload tests run against: the platform's receiver in this process (killable),
//! a TCP proxy that cuts or stalls connections at given byte counts, and the stock
//! `@tus/server` from npm.

#![allow(dead_code)]

mod proxy;

#[allow(unused_imports)] // not every test file that shares this module cuts connections
pub use proxy::Proxy;

use cunxin_platform::{BackgroundPlatform, Config};
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The platform's receiver on an ephemeral loopback port; dropping or killing it ends
/// every connection at once, as a crash would.
pub struct Receiver(BackgroundPlatform);

impl Receiver {
    pub fn start(config: &Config) -> Receiver {
        Receiver(BackgroundPlatform::start(config).unwrap())
    }

    pub fn storage_only(data_dir: &Path) -> Receiver {
        Receiver::start(&Config::storage_only(data_dir))
    }

    pub fn endpoint(&self) -> String {
        self.0.endpoint()
    }

    pub fn addr(&self) -> SocketAddr {
        self.0.addr
    }

    pub fn kill(self) {
        self.0.kill();
    }
}

/// The stock `@tus/server` with its file store, started with node; `None` (and the
/// reason printed) when node or the packages are not installed on this machine.
pub struct StockTusServer {
    pub port: u16,
    child: Child,
}

impl StockTusServer {
    pub fn start(dir: &Path) -> Option<StockTusServer> {
        let script = r#"
const { Server } = require('@tus/server');
const { FileStore } = require('@tus/file-store');
const http = require('node:http');
const tus = new Server({ path: '/files', datastore: new FileStore({ directory: process.argv[1] }) });
const server = http.createServer((req, res) => tus.handle(req, res));
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
"#;
        let node_path = node_path()?;
        let mut child = match Command::new("node")
            .arg("-e")
            .arg(script)
            .arg(dir)
            .env("NODE_PATH", node_path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => {
                eprintln!("SKIPPED: node is not installed here ({e}); CI installs it");
                return None;
            }
        };
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let Ok(port) = line.trim().parse() else {
            let mut err = String::new();
            child.stderr.take().unwrap().read_to_string(&mut err).ok();
            let _ = child.kill();
            eprintln!(
                "SKIPPED: @tus/server did not start (npm install -g @tus/server @tus/file-store): {}",
                err.lines().next().unwrap_or("")
            );
            return None;
        };
        Some(StockTusServer { port, child })
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/files", self.port)
    }
}

impl Drop for StockTusServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where npm's global packages are (CI sets NODE_PATH; otherwise ask npm).
fn node_path() -> Option<String> {
    if let Ok(p) = std::env::var("NODE_PATH")
        && !p.is_empty()
    {
        return Some(p);
    }
    match Command::new("npm").args(["root", "--global"]).output() {
        Ok(out) if out.status.success() => {
            Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
        }
        _ => {
            eprintln!("SKIPPED: npm is not installed here; CI installs node and @tus/server");
            None
        }
    }
}

/// A file of random bytes.
pub fn random_file(dir: &Path, name: &str, len: usize) -> PathBuf {
    use rand::RngCore;
    let mut bytes = vec![0u8; len];
    rand::rng().fill_bytes(&mut bytes);
    let path = dir.join(name);
    std::fs::write(&path, &bytes).unwrap();
    path
}

/// The data file of the only upload in a platform data folder.
pub fn only_upload(data_dir: &Path) -> PathBuf {
    let uploads: Vec<PathBuf> = std::fs::read_dir(data_dir.join("uploads"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    assert_eq!(uploads.len(), 1, "{uploads:?}");
    uploads[0].clone()
}
