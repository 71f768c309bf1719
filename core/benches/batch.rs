//! Sealing throughput and memory, against stock `tar -c | age -r` on the same bytes.
//!
//! Builds a real store of N finalized households × 4 photos (~300 KB of random-ish bytes
//! each, with thumbnails and a signature), seals it (in a child process, so its peak RSS —
//! VmHWM — is the sealing's own), and times `tar -c DIR | age -r KEY > FILE` over the same
//! plaintext files written to a directory. Sealing syncs the batch to disk before it marks
//! households sealed, so the stock pipeline is timed both ways: followed by `sync FILE`
//! (the same work — the target's anchor) and without. Every run starts with the disk idle
//! (`sync` first), so no run pays for another's writeback. Targets: sealing ≥ 0.8× the
//! stock pipeline's MB/s; peak RSS ≤ 64 MB whatever N.
//!
//! `cargo bench -p cunxin-core --bench batch` (CUNXIN_BENCH_HOUSEHOLDS=N, default 500;
//! CUNXIN_BENCH_RUNS=R timed runs of each, default 3, best kept).

#[path = "../tests/store_support/mod.rs"]
mod store_support;

use cunxin_core::batch::seal;
use cunxin_core::model::HouseholdId;
use cunxin_core::store::{ConsentKind, PhotoKind, Store, StoreKey};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use store_support::*;

const PHOTO: usize = 300_000;
const THUMB: usize = 20_000;
const PHOTOS_PER_HOUSEHOLD: usize = 4;
const SEAL_CHILD: &str = "CUNXIN_BENCH_SEAL_CHILD";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// The child: opens the store, seals it, prints "<seconds> <plaintext bytes> <peak kB>".
fn seal_child(args: &str) {
    let mut parts = args.split('|');
    let (store_dir, key_hex, recipient, out) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let key = StoreKey::from_key_file(key_hex.as_bytes().to_vec()).unwrap();
    let mut store = Store::open(Path::new(store_dir), &key).unwrap();
    let recipient: age::x25519::Recipient = recipient.parse().unwrap();
    let start = Instant::now();
    let sealed = seal(&mut store, &[recipient], Path::new(out)).unwrap();
    let seconds = start.elapsed().as_secs_f64();
    println!("{seconds} {} {}", sealed.plaintext_bytes, peak_rss_kb());
}

fn build_store(dir: &Path, households: usize, plain: &Path) -> StoreKey {
    let key = StoreKey::generate().unwrap();
    let mut store = Store::create(dir, &key).unwrap();
    let list: Vec<_> = (0..households).map(household).collect();
    store.import_households(&list).unwrap();
    for n in 0..households {
        let id = HouseholdId(format!("HH{n:05}"));
        store.save_draft(&id, &facts(n as i64)).unwrap();
        let hdir = plain.join(format!("households/{:04}/photos", n + 1));
        std::fs::create_dir_all(&hdir).unwrap();
        for k in 0..PHOTOS_PER_HOUSEHOLD {
            let seed = (n * PHOTOS_PER_HOUSEHOLD + k) as u64;
            let photo = jpeg_like("bench", PHOTO, seed);
            let thumb = jpeg_like("thumb", THUMB, seed ^ 0xABCD);
            store
                .add_photo(&id, &photo_meta(PhotoKind::House, seed), &photo, &thumb)
                .unwrap();
            std::fs::write(hdir.join(format!("{k}.jpg")), &photo).unwrap();
            std::fs::write(hdir.join(format!("{k}.thumb.jpg")), &thumb).unwrap();
        }
        let signature = jpeg_like("sig", 8_000, n as u64);
        store
            .add_consent(
                &id,
                &consent(ConsentKind::PersonalInfo, "户主"),
                &mut &signature[..],
            )
            .unwrap();
        std::fs::write(
            plain.join(format!("households/{:04}/sig.png", n + 1)),
            &signature,
        )
        .unwrap();
        store.finalize(&id).unwrap();
    }
    key
}

fn dir_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                stack.push(e.path());
            } else {
                total += meta.len();
            }
        }
    }
    total
}

fn copy_dir(from: &Path, to: &Path) {
    let status = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
}

fn mbps(bytes: u64, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

fn main() {
    if let Ok(args) = std::env::var(SEAL_CHILD) {
        seal_child(&args);
        return;
    }
    let households = env_usize("CUNXIN_BENCH_HOUSEHOLDS", 500);
    let runs = env_usize("CUNXIN_BENCH_RUNS", 3).max(1);
    let work = tempfile::tempdir().unwrap();
    let store_dir = work.path().join("store");
    let plain = work.path().join("plain");
    eprintln!(
        "building a store of {households} finalized households × {PHOTOS_PER_HOUSEHOLD} photos …"
    );
    let built = Instant::now();
    let key = build_store(&store_dir, households, &plain);
    eprintln!("built in {:.1} s", built.elapsed().as_secs_f64());
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let key_hex = key.to_hex().to_string();
    let plain_bytes = dir_bytes(&plain);

    // Sealing changes the store, so each run seals a fresh copy of it.
    let mut best_seal: Option<(Duration, u64, u64)> = None;
    let mut worst_rss = 0;
    for run in 0..runs {
        let copy = work.path().join(format!("store-{run}"));
        copy_dir(&store_dir, &copy);
        sync_all();
        let out = work.path().join(format!("batches-{run}"));
        let child = Command::new(std::env::current_exe().unwrap())
            .env(
                SEAL_CHILD,
                format!("{}|{key_hex}|{recipient}|{}", copy.display(), out.display()),
            )
            .output()
            .unwrap();
        eprint!("{}", String::from_utf8_lossy(&child.stderr));
        assert!(
            child.status.success(),
            "sealing failed: {}",
            String::from_utf8_lossy(&child.stderr)
        );
        let line = String::from_utf8(child.stdout).unwrap();
        let mut f = line.split_whitespace();
        let seconds: f64 = f.next().unwrap().parse().unwrap();
        let tar_bytes: u64 = f.next().unwrap().parse().unwrap();
        let rss: u64 = f.next().unwrap().parse().unwrap();
        worst_rss = worst_rss.max(rss);
        let time = Duration::from_secs_f64(seconds);
        if best_seal.is_none_or(|(t, _, _)| time < t) {
            best_seal = Some((time, tar_bytes, rss));
        }
        std::fs::remove_dir_all(&copy).unwrap();
        std::fs::remove_dir_all(&out).unwrap();
    }
    let (seal_time, tar_bytes, _) = best_seal.unwrap();

    let stock = |durable: bool| {
        let mut best = Duration::MAX;
        for run in 0..runs {
            let out = work.path().join(format!("stock-{run}.tar.age"));
            sync_all();
            let sync = if durable {
                format!(" && sync '{}'", out.display())
            } else {
                String::new()
            };
            let start = Instant::now();
            let status = Command::new("bash")
                .args(["-o", "pipefail", "-c"])
                .arg(format!(
                    "tar -c -C '{}' . | age -r {recipient} > '{}'{sync}",
                    plain.display(),
                    out.display()
                ))
                .status()
                .expect("tar and age are installed");
            let time = start.elapsed();
            assert!(status.success());
            best = best.min(time);
            std::fs::remove_file(&out).unwrap();
        }
        best
    };
    let best_stock = stock(true);
    let best_stock_unsynced = stock(false);

    // Both over the same photo, thumbnail and signature bytes; MB/s of those bytes.
    let seal_mbps = mbps(plain_bytes, seal_time);
    let stock_mbps = mbps(plain_bytes, best_stock);
    let ratio = seal_mbps / stock_mbps;
    let rss_mb = worst_rss as f64 / 1024.0;
    println!();
    println!(
        "batch sealing: {households} households, {} photos, {:.0} MB of files (tar {:.0} MB), best of {runs}",
        households * PHOTOS_PER_HOUSEHOLD,
        plain_bytes as f64 / 1e6,
        tar_bytes as f64 / 1e6
    );
    println!(
        "{:<44} {:>10} {:>10} {:>12}",
        "", "seconds", "MB/s", "peak RSS"
    );
    println!(
        "{:<44} {:>10.2} {:>10.0} {:>9.1} MB",
        "cunxin seal (decrypt, tar, age, minisign)",
        seal_time.as_secs_f64(),
        seal_mbps,
        rss_mb
    );
    println!(
        "{:<44} {:>10.2} {:>10.0} {:>12}",
        "stock tar -c | age -r, then sync FILE",
        best_stock.as_secs_f64(),
        stock_mbps,
        "-"
    );
    println!(
        "{:<44} {:>10.2} {:>10.0} {:>12}",
        "stock tar -c | age -r (no sync)",
        best_stock_unsynced.as_secs_f64(),
        mbps(plain_bytes, best_stock_unsynced),
        "-"
    );
    println!(
        "ratio {ratio:.2} against the synced stock pipeline (target ≥ 0.80) {}, {:.2} against the unsynced one; peak RSS {rss_mb:.1} MB (target ≤ 64 MB) {}",
        if ratio >= 0.8 { "met" } else { "NOT MET" },
        seal_mbps / mbps(plain_bytes, best_stock_unsynced),
        if rss_mb <= 64.0 { "met" } else { "NOT MET" }
    );
}

/// Waits until the kernel has written every dirty page, so the next timing starts idle.
fn sync_all() {
    Command::new("sync").status().expect("sync is installed");
}
