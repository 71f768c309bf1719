//! Upload goodput through an emulated branch link, against `curl` sending the same file over
//! the same link and the stock `tuspy` client with the same chunk size.
//!
//! The link is Toxiproxy on loopback (see `cli/tests/link_support`): latency each way and a
//! bandwidth limit towards the receiver, the platform's own receiver behind it. Profiles:
//! branch Wi-Fi (20 Mbit/s, 40 ms round trip) and weak 4G (2 Mbit/s, 150 ms). On each, in
//! turn and five times: `cunxin upload --file` (tus, crc32 per chunk), `curl` (the tus POST,
//! then the whole file in one PATCH — the link's best case), and tuspy 1.1 (timed inside
//! Python, so its start-up is not counted). Chunks: 4 MiB (the default) on Wi-Fi, 1 MiB on
//! weak 4G (about 4 s of link, what a cut may cost), the same for tuspy. Goodput is the
//! file's bytes over the whole upload's time, medians compared.
//!
//! Then the cut case at the issue's pace: weak 4G, the link cut every 20 s (a few times),
//! with the bytes sent again per cut.
//!
//! Targets: ≥ 0.95× curl's goodput on the branch profile; ahead of tuspy on both.
//!
//! `cargo bench -p cunxin-cli --bench upload` — CUNXIN_BENCH_SECONDS (default 8: each file is
//! that many seconds of the profile's bandwidth), CUNXIN_BENCH_RUNS (default 5).

#[path = "../tests/link_support/mod.rs"]
mod link_support;

use cunxin_platform::{BackgroundPlatform, Config};
use link_support::{BRANCH_WIFI, Link, Profile, WEAK_4G};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MIB: u64 = 1024 * 1024;
const CURL_TARGET: f64 = 0.95;

fn env_number(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Row {
    profile: Profile,
    mb: f64,
    chunk: u64,
    ours: f64,
    curl: f64,
    tuspy: Option<f64>,
}

fn main() {
    for tool in ["curl"] {
        if Command::new(tool).arg("--version").output().is_err() {
            println!("RESULT upload: skipped: {tool} is not installed");
            return;
        }
    }
    if let Err(why) = link_support::find_toxiproxy() {
        println!("RESULT upload: skipped: {why}");
        return;
    }
    let tuspy = Command::new("python3")
        .args(["-c", "import tusclient"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !tuspy {
        eprintln!("tuspy is not installed (python3 -m pip install tuspy): its column stays empty");
    }
    let seconds = env_number("CUNXIN_BENCH_SECONDS", 8.0);
    let runs = env_number("CUNXIN_BENCH_RUNS", 5.0).max(1.0) as usize;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let platform = BackgroundPlatform::start(&Config::storage_only(&data)).unwrap();

    let mut rows = Vec::new();
    for (profile, chunk) in [(BRANCH_WIFI, 4 * MIB), (WEAK_4G, MIB)] {
        let link = Link::start(platform.addr, profile).unwrap();
        let len = (profile.bytes_per_second() * seconds) as usize;
        let file = dir
            .path()
            .join(format!("batch-{}.bin", profile.megabits_per_second));
        write_random(&file, len);
        let (mut ours, mut curl, mut stock) = (Vec::new(), Vec::new(), Vec::new());
        for run in 0..runs {
            eprintln!("{}: run {} of {runs}", profile.name, run + 1);
            ours.push(goodput(len, || {
                cunxin_upload(&link.endpoint(), &file, chunk)
            }));
            clear(&data);
            curl.push(goodput(len, || {
                curl_upload(&link.listen.to_string(), &file, len)
            }));
            clear(&data);
            if tuspy {
                stock.push(len as f64 / 1e6 / tuspy_upload(&link.endpoint(), &file, chunk));
                clear(&data);
            }
        }
        rows.push(Row {
            profile,
            mb: len as f64 / 1e6,
            chunk,
            ours: median(&mut ours),
            curl: median(&mut curl),
            tuspy: (!stock.is_empty()).then(|| median(&mut stock)),
        });
    }

    let cut = cut_case(&platform, dir.path(), &data);

    println!();
    println!(
        "upload through an emulated link (Toxiproxy on loopback), median of {runs}, goodput in Mbit/s"
    );
    println!(
        "{:<14} {:>6} {:>7} {:>8} {:>8} {:>8} {:>10} {:>10}",
        "profile", "MB", "chunk", "cunxin", "curl", "tuspy", "vs curl", "vs tuspy"
    );
    let mut curl_ok = true;
    let mut tuspy_ok = true;
    for r in &rows {
        let vs_curl = r.ours / r.curl;
        let vs_tuspy = r.tuspy.map(|t| r.ours / t);
        if r.profile.name == BRANCH_WIFI.name {
            curl_ok &= vs_curl >= CURL_TARGET;
        }
        tuspy_ok &= vs_tuspy.is_some_and(|v| v > 1.0);
        println!(
            "{:<14} {:>6.1} {:>5} Mi {:>8.2} {:>8.2} {:>8} {:>10.3} {:>10}",
            format!(
                "{} ({:.0} Mbit/s, {} ms)",
                r.profile.name, r.profile.megabits_per_second, r.profile.round_trip_ms
            ),
            r.mb,
            r.chunk / MIB,
            r.ours * 8.0,
            r.curl * 8.0,
            r.tuspy.map_or("-".into(), |t| format!("{:.2}", t * 8.0)),
            vs_curl,
            vs_tuspy.map_or("-".into(), |v| format!("{v:.3}")),
        );
    }
    println!(
        "  cunxin: cunxin upload --file (tus, crc32 per chunk); curl: tus POST + one PATCH; tuspy 1.1, same chunk size"
    );
    if let Some(c) = &cut {
        println!(
            "cut case: weak 4G, {:.1} MB, the link cut every 20 s: {} cuts, {} retries, {:.2} Mbit/s; sent again {} bytes = {:.2} chunks per cut (target ≤ 1)",
            c.mb,
            c.cuts,
            c.retries,
            c.goodput * 8.0,
            c.resent,
            c.resent as f64 / MIB as f64 / c.cuts.max(1) as f64
        );
    }
    let branch = &rows[0];
    println!();
    println!(
        "RESULT upload: branch Wi-Fi {:.3}× curl (target ≥ {CURL_TARGET:.2}) {}; ahead of tuspy on both profiles: {}{}",
        branch.ours / branch.curl,
        if curl_ok { "met" } else { "NOT MET" },
        if !tuspy {
            "not measured (tuspy missing)"
        } else if tuspy_ok {
            "met"
        } else {
            "NOT MET"
        },
        cut.map_or(String::new(), |c| format!(
            "; cut case {} cuts, {:.2} chunks sent again per cut (target ≤ 1) {}",
            c.cuts,
            c.resent as f64 / MIB as f64 / c.cuts.max(1) as f64,
            if c.resent <= c.cuts as u64 * MIB {
                "met"
            } else {
                "NOT MET"
            }
        ))
    );
}

struct CutCase {
    mb: f64,
    cuts: u32,
    retries: u64,
    resent: u64,
    goodput: f64,
}

/// Weak 4G, 1 MiB chunks, a file of about 70 s of link, cut every 20 s (three cuts).
fn cut_case(platform: &BackgroundPlatform, dir: &Path, data: &Path) -> Option<CutCase> {
    let link = Arc::new(Mutex::new(Link::start(platform.addr, WEAK_4G).ok()?));
    let len = (WEAK_4G.bytes_per_second() * 70.0) as usize;
    let file = dir.join("cut.bin");
    write_random(&file, len);
    let endpoint = link.lock().unwrap().endpoint();
    let done = Arc::new(AtomicBool::new(false));
    let cutter =
        link_support::cut_periodically(link.clone(), Duration::from_secs(20), 3, done.clone());
    let start = Instant::now();
    let report = cunxin_upload(&endpoint, &file, MIB);
    let seconds = start.elapsed().as_secs_f64();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let cuts = cutter.join().unwrap();
    clear(data);
    let upload = &report["uploads"][0];
    let sent = upload["bytes_sent"].as_u64().unwrap();
    Some(CutCase {
        mb: len as f64 / 1e6,
        cuts,
        retries: upload["retries"].as_u64().unwrap(),
        resent: sent.saturating_sub(len as u64),
        goodput: len as f64 / 1e6 / seconds,
    })
}

/// MB/s of `len` bytes over the time `f` takes.
fn goodput(len: usize, f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    len as f64 / 1e6 / start.elapsed().as_secs_f64()
}

fn cunxin_upload(endpoint: &str, file: &Path, chunk: u64) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_cunxin"))
        .args(["upload", endpoint, "--json", "--chunk-size"])
        .arg(chunk.to_string())
        .arg("--file")
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
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
        .find_map(|l| {
            l.strip_prefix("location: ")
                .or_else(|| l.strip_prefix("Location: "))
        })
        .expect("a Location header")
        .trim()
        .to_string();
    let url = if location.starts_with("http") {
        location
    } else {
        format!("http://{addr}{location}")
    };
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
        .arg(url)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "204");
}

const TUSPY: &str = r#"
import sys, time
from tusclient import client
url, path, chunk = sys.argv[1], sys.argv[2], int(sys.argv[3])
uploader = client.TusClient(url).uploader(path, chunk_size=chunk, metadata={"filename": "batch.bin"})
start = time.perf_counter()
uploader.upload()
print(time.perf_counter() - start)
"#;

/// Seconds tuspy's upload took, timed inside Python.
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
        let path = entry.unwrap().path();
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
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
