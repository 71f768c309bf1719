//! Upload throughput over loopback: `cunxin upload` (tus, 4 MiB chunks, a checksum per chunk:
//! crc32, which the platform offers)
//! against `curl` sending the same file to the same receiver in one plain tus `PATCH`.
//! The target: at least 0.9 times curl's throughput.
//!
//! `cargo bench -p cunxin-cli --bench upload` (CUNXIN_BENCH_MB sets the size, default 200).

use cunxin_platform::{BackgroundPlatform, Config};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const RUNS: usize = 5;

fn main() {
    let mb: usize = std::env::var("CUNXIN_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    if Command::new("curl").arg("--version").output().is_err() {
        println!("upload bench skipped: curl is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let platform = BackgroundPlatform::start(&Config::storage_only(&data)).unwrap();
    let file = dir.path().join("batch.bin");
    write_random(&file, mb << 20);
    let len = (mb << 20) as f64;

    let mut ours = Vec::new();
    let mut curl = Vec::new();
    // Alternate, after one warm-up each, so both see the same page cache and disk state.
    for run in 0..=RUNS {
        let a = time(|| cunxin_upload(&platform.endpoint(), &file));
        clear(&data);
        let b = time(|| curl_upload(platform.addr.to_string().as_str(), &file, mb << 20));
        clear(&data);
        if run > 0 {
            ours.push(len / 1e6 / a);
            curl.push(len / 1e6 / b);
        }
    }
    let (ours, curl) = (median(&mut ours), median(&mut curl));
    println!("upload {mb} MiB over loopback, median of {RUNS}:");
    println!("  cunxin upload (tus, 4 MiB chunks, crc32):{ours:8.1} MB/s");
    println!("  curl, one tus PATCH:                    {curl:8.1} MB/s");
    println!(
        "  ratio {:.2} (target >= 0.90){}",
        ours / curl,
        if ours / curl >= 0.9 {
            ""
        } else {
            "  BELOW TARGET"
        }
    );
}

fn time(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64()
}

fn cunxin_upload(endpoint: &str, file: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_cunxin"))
        .args(["upload", endpoint, "--json", "--file"])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn curl_upload(addr: &str, file: &Path, len: usize) {
    let created = Command::new("curl")
        .args(["-sS", "-o", "/dev/null", "-D", "-", "-X", "POST"])
        .args(["-H", "Tus-Resumable: 1.0.0", "-H"])
        .arg(format!("Upload-Length: {len}"))
        .arg(format!("http://{addr}/files/"))
        .output()
        .unwrap();
    let headers = String::from_utf8_lossy(&created.stdout);
    let location = headers
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .expect("a Location header")
        .trim();
    let out = Command::new("curl")
        .args([
            "-sS",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-X",
            "PATCH",
        ])
        .args(["-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: 0"])
        .args(["-H", "Content-Type: application/offset+octet-stream", "-T"])
        .arg(file)
        .arg(format!("http://{addr}{location}"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "204");
}

fn clear(data: &Path) {
    for entry in std::fs::read_dir(data.join("uploads")).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn write_random(path: &Path, len: usize) {
    use rand::RngCore;
    let mut bytes = vec![0u8; len];
    rand::rng().fill_bytes(&mut bytes);
    std::fs::write(path, bytes).unwrap();
}
