//! Upload goodput over emulated branch links (issue #21): Toxiproxy's bandwidth and latency
//! on loopback between the client and the real platform, for a branch Wi-Fi profile
//! (20 Mbit/s, 40 ms round trip) and a weak 4G one (2 Mbit/s, 150 ms). Three clients send
//! the same file through the same link: `cunxin upload` (its default, chunks sized to the
//! link, crc32 per chunk), `curl` (one tus `PATCH`, no chunks, no checksum: the link's
//! ceiling) and the stock `tuspy` (PyPI) with cunxin's largest chunk size and its sha1
//! checksums. Targets: at least 0.95× curl on the branch profile, ahead of tuspy on both.
//!
//! Each client's own clock: cunxin's report (`seconds`), curl's `time_total` of its two
//! requests, tuspy timed inside Python (so no client pays for its process start).
//!
//! `cargo bench -p cunxin-cli --bench link` with CUNXIN_TOXIPROXY set (`cargo xtask tools`
//! installs it and prints its path); CUNXIN_LINK_RUNS sets the runs (median; default 3).

#[path = "../tests/link_support/mod.rs"]
mod link_support;

use cunxin_platform::{BackgroundPlatform, Config};
use link_support::{BRANCH_WIFI, LinkProfile, Toxiproxy, WEAK_4G};
use std::path::Path;
use std::process::Command;

const CURL_TARGET: f64 = 0.95;
const TUSPY_TARGET: f64 = 1.0;

/// Seconds of transfer each run takes on its link: long enough for many chunks, short
/// enough for the whole bench to take about five minutes.
const SECONDS_PER_RUN: f64 = 16.0;

const TUSPY: &str = r#"
import sys, time
from tusclient import client
endpoint, path, chunk = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.monotonic()
uploader = client.TusClient(endpoint).uploader(
    path, chunk_size=chunk, metadata={"filename": "batch.bin"}, upload_checksum=True
)
uploader.upload()
print(time.monotonic() - start)
"#;

fn main() {
    if let Some(missing) = missing_tools() {
        println!("RESULT link: skipped: {missing}");
        return;
    }
    let Some(toxiproxy) = Toxiproxy::start() else {
        println!("RESULT link: skipped: CUNXIN_TOXIPROXY is unset (cargo xtask tools)");
        return;
    };
    let runs: usize = std::env::var("CUNXIN_LINK_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let platform = BackgroundPlatform::start(&Config::storage_only(&data)).unwrap();
    let mut results = Vec::new();
    for (i, profile) in [BRANCH_WIFI, WEAK_4G].into_iter().enumerate() {
        let link = toxiproxy.link(&format!("link{i}"), platform.addr, profile);
        results.push(bench_profile(profile, &link, dir.path(), &data, runs));
    }
    for line in results {
        println!("{line}");
    }
}

/// Runs the three clients in turn, `runs` times, and returns the profile's RESULT line.
fn bench_profile(
    profile: LinkProfile,
    link: &link_support::Link,
    dir: &Path,
    data: &Path,
    runs: usize,
) -> String {
    let len = (profile.bytes_per_second() * SECONDS_PER_RUN) as usize;
    let file = dir.join("batch.bin");
    write_random(&file, len);
    let (mut ours, mut curl, mut tuspy) = (Vec::new(), Vec::new(), Vec::new());
    let mut chunk = 0;
    for _ in 0..runs {
        let (seconds, largest_chunk) = cunxin_upload(&link.endpoint(), &file);
        chunk = chunk.max(largest_chunk);
        ours.push(len as f64 / seconds);
        clear(data);
        curl.push(len as f64 / curl_upload(&link.endpoint(), &file, len));
        clear(data);
        tuspy.push(len as f64 / tuspy_upload(&link.endpoint(), &file, chunk));
        clear(data);
    }
    let (ours, curl, tuspy) = (median(&mut ours), median(&mut curl), median(&mut tuspy));
    let mb = |bytes_per_second: f64| bytes_per_second / 1e6;
    println!(
        "upload over {} ({} Mbit/s, {} ms round trip; {:.2} MB/s on the wire), {:.1} MB, median of {runs}:",
        profile.name,
        profile.megabits_per_second,
        profile.round_trip.as_millis(),
        mb(profile.bytes_per_second()),
        len as f64 / 1e6
    );
    println!(
        "  cunxin upload (chunks sized to the link, largest {:.2} MiB, crc32): {:6.3} MB/s",
        chunk as f64 / (1 << 20) as f64,
        mb(ours)
    );
    println!(
        "  curl, one tus PATCH:                                          {:6.3} MB/s",
        mb(curl)
    );
    println!(
        "  tuspy, the same chunk size, sha1:                             {:6.3} MB/s",
        mb(tuspy)
    );
    let verdict = |ok: bool| if ok { "ok" } else { "MISSED" };
    let (to_curl, to_tuspy) = (ours / curl, ours / tuspy);
    let curl_part = if profile.name == BRANCH_WIFI.name {
        format!(
            "{to_curl:.3}× curl (target ≥ {CURL_TARGET:.2}) {}",
            verdict(to_curl >= CURL_TARGET)
        )
    } else {
        format!("{to_curl:.3}× curl (no target)")
    };
    format!(
        "RESULT link {}: {curl_part}; {to_tuspy:.3}× tuspy (target > {TUSPY_TARGET:.2}) {}; {:.3} MB/s",
        profile.name,
        verdict(to_tuspy > TUSPY_TARGET),
        mb(ours),
    )
}

fn missing_tools() -> Option<&'static str> {
    if Command::new("curl").arg("--version").output().is_err() {
        return Some("curl is not installed");
    }
    let tuspy = Command::new("python3")
        .args(["-c", "import tusclient"])
        .output();
    if !tuspy.is_ok_and(|o| o.status.success()) {
        return Some("tuspy is not installed (pip install tuspy)");
    }
    None
}

/// `cunxin upload --file` with its defaults: the seconds it reports and its largest chunk.
fn cunxin_upload(endpoint: &str, file: &Path) -> (f64, u64) {
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
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let upload = &printed["uploads"][0];
    (
        upload["seconds"].as_f64().unwrap(),
        upload["largest_chunk"].as_u64().unwrap(),
    )
}

/// Creates the upload and sends the whole file in one PATCH; curl's own times, summed.
fn curl_upload(endpoint: &str, file: &Path, len: usize) -> f64 {
    let created = Command::new("curl")
        .args(["-sS", "-o", "/dev/null", "-D", "-", "-w", "%{time_total}"])
        .args(["-X", "POST", "-H", "Tus-Resumable: 1.0.0", "-H"])
        .arg(format!("Upload-Length: {len}"))
        .arg(endpoint)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&created.stdout);
    let location = printed
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .expect("a Location header")
        .trim();
    let create_seconds: f64 = printed.lines().last().unwrap().trim().parse().unwrap();
    let upload_url = url_join(endpoint, location);
    let out = Command::new("curl")
        .args(["-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total}"])
        .args([
            "-X",
            "PATCH",
            "-H",
            "Tus-Resumable: 1.0.0",
            "-H",
            "Upload-Offset: 0",
        ])
        .args(["-H", "Content-Type: application/offset+octet-stream", "-T"])
        .arg(file)
        .arg(upload_url)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    let (status, seconds) = printed.split_once(' ').unwrap();
    assert_eq!(status, "204");
    create_seconds + seconds.parse::<f64>().unwrap()
}

/// The upload's URL from a `Location` that may be a path.
fn url_join(endpoint: &str, location: &str) -> String {
    if location.starts_with("http") {
        return location.to_string();
    }
    let origin_end = endpoint
        .find("://")
        .and_then(|s| endpoint[s + 3..].find('/').map(|p| s + 3 + p))
        .unwrap_or(endpoint.len());
    format!("{}{location}", &endpoint[..origin_end])
}

fn tuspy_upload(endpoint: &str, file: &Path, chunk: u64) -> f64 {
    let out = Command::new("python3")
        .args(["-c", TUSPY, endpoint])
        .arg(file)
        .arg(chunk.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tuspy failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
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
