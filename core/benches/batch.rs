//! Sealing against stock tools making the same artifact: an age-encrypted tar with its
//! minisign signature, durably on disk.
//!
//! For each store size (households × 4 photos of ~300 KB random-ish bytes, thumbnails and a
//! signature image), the bench builds a real store and the same plaintext files in a
//! directory, then alternates, five times each: `cunxin` sealing (in a child process, so its
//! peak RSS — VmHWM — is the sealing's own) and the anchor
//!
//! ```text
//! tar -c -C DIR . | age -r KEY > FILE && minisign -S -s KEY.sec -m FILE && sync FILE
//! ```
//!
//! (stock minisign with an unencrypted key, `minisign -G -W`). Every run starts with the
//! disk idle (`sync` first). Both are timed over the same photo, thumbnail and signature
//! bytes; the ratio is of the medians. Targets: ≥ 1.2× the anchor's MB/s in the median of
//! five runs, and peak RSS ≤ 64 MB at every size (flat: 200, 500 and 2,000 households).
//!
//! Then the machine's limit for the same work: each of sealing's passes over the bytes,
//! measured here on one core (store decryption, tar framing, age encryption, the BLAKE2b-512
//! prehash, writing and syncing the file), what one core could do with all of them in turn,
//! and what two cores could: the total CPU shared over both, but never faster than the
//! slowest single pass (each stage is one thread) nor than the disk.
//!
//! `cargo bench -p cunxin-core --bench batch` — CUNXIN_BENCH_HOUSEHOLDS=200,500,2000 (the
//! default; any comma-separated sizes), CUNXIN_BENCH_RUNS=5 (median of that many).

#[path = "../tests/store_support/mod.rs"]
mod store_support;

use cunxin_core::batch::seal;
use cunxin_core::model::HouseholdId;
use cunxin_core::store::{ConsentKind, PhotoKind, Store, StoreKey};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use store_support::*;

const PHOTO: usize = 300_000;
const THUMB: usize = 20_000;
const PHOTOS_PER_HOUSEHOLD: usize = 4;
const SEAL_CHILD: &str = "CUNXIN_BENCH_SEAL_CHILD";
const RATIO_TARGET: f64 = 1.2;
const RSS_TARGET_MB: f64 = 64.0;

fn env_sizes() -> Vec<usize> {
    let text = std::env::var("CUNXIN_BENCH_HOUSEHOLDS").unwrap_or_else(|_| "200,500,2000".into());
    let sizes: Vec<usize> = text
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .filter(|&n| n > 0)
        .collect();
    assert!(
        !sizes.is_empty(),
        "CUNXIN_BENCH_HOUSEHOLDS takes comma-separated household counts, e.g. 200,500,2000"
    );
    sizes
}

fn env_runs() -> usize {
    std::env::var("CUNXIN_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1)
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

fn plain_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.metadata().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                files.push(e.path());
            }
        }
    }
    files.sort();
    files
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

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT MET" }
}

/// Waits until the kernel has written every dirty page, so the next timing starts idle.
fn sync_all() {
    Command::new("sync").status().expect("sync is installed");
}

fn have(tool: &str, arg: &str) -> bool {
    Command::new(tool).arg(arg).output().is_ok()
}

struct Size {
    households: usize,
    plain_bytes: u64,
    tar_bytes: u64,
    seal_s: Vec<f64>,
    stock_s: Vec<f64>,
    rss_mb: f64,
}

impl Size {
    fn seal_mbps(&self) -> f64 {
        self.plain_bytes as f64 / 1e6 / median(&self.seal_s)
    }
    fn stock_mbps(&self) -> f64 {
        self.plain_bytes as f64 / 1e6 / median(&self.stock_s)
    }
    fn ratio(&self) -> f64 {
        self.seal_mbps() / self.stock_mbps()
    }
}

fn main() {
    if let Ok(args) = std::env::var(SEAL_CHILD) {
        seal_child(&args);
        return;
    }
    for tool in ["tar", "age", "minisign"] {
        if !have(tool, "--version") && !have(tool, "-v") {
            println!(
                "batch bench skipped: the stock `{tool}` command is not installed (apt-get install tar age minisign)"
            );
            return;
        }
    }
    let runs = env_runs();
    let work = tempfile::tempdir().unwrap();
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let minisign_key = work.path().join("stock.sec");
    let status = Command::new("minisign")
        .args(["-G", "-W", "-f", "-p"])
        .arg(work.path().join("stock.pub"))
        .arg("-s")
        .arg(&minisign_key)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "minisign -G -W failed");

    let mut sizes = Vec::new();
    let mut stage_report = None;
    for households in env_sizes() {
        let dir = work.path().join(format!("n{households}"));
        let store_dir = dir.join("store");
        let plain = dir.join("plain");
        eprintln!(
            "building a store of {households} finalized households × {PHOTOS_PER_HOUSEHOLD} photos …"
        );
        let built = Instant::now();
        let key = build_store(&store_dir, households, &plain);
        eprintln!("built in {:.1} s", built.elapsed().as_secs_f64());
        let files = plain_files(&plain);
        let plain_bytes: u64 = files.iter().map(|f| f.metadata().unwrap().len()).sum();
        if stage_report.is_none() {
            stage_report = Some(stages(&store_dir, &key, &files, plain_bytes, &dir));
        }
        let key_hex = key.to_hex().to_string();
        let mut size = Size {
            households,
            plain_bytes,
            tar_bytes: 0,
            seal_s: Vec::new(),
            stock_s: Vec::new(),
            rss_mb: 0.0,
        };
        // Alternating, so both see the same machine load and page cache.
        for run in 0..runs {
            let copy = dir.join(format!("store-{run}"));
            copy_dir(&store_dir, &copy);
            let out = dir.join(format!("batches-{run}"));
            sync_all();
            let child = Command::new(std::env::current_exe().unwrap())
                .env(
                    SEAL_CHILD,
                    format!("{}|{key_hex}|{recipient}|{}", copy.display(), out.display()),
                )
                .output()
                .unwrap();
            eprint!("{}", String::from_utf8_lossy(&child.stderr));
            assert!(child.status.success(), "sealing failed");
            let line = String::from_utf8(child.stdout).unwrap();
            let mut f = line.split_whitespace();
            size.seal_s.push(f.next().unwrap().parse().unwrap());
            size.tar_bytes = f.next().unwrap().parse().unwrap();
            let rss_kb: f64 = f.next().unwrap().parse().unwrap();
            size.rss_mb = size.rss_mb.max(rss_kb / 1024.0);
            std::fs::remove_dir_all(&copy).unwrap();
            std::fs::remove_dir_all(&out).unwrap();

            let file = dir.join(format!("stock-{run}.tar.age"));
            sync_all();
            let start = Instant::now();
            let status = Command::new("bash")
                .args(["-o", "pipefail", "-c"])
                .arg(format!(
                    "tar -c -C '{}' . | age -r {recipient} > '{f}' && minisign -S -s '{}' -m '{f}' -t 'bench' >/dev/null && sync '{f}'",
                    plain.display(),
                    minisign_key.display(),
                    f = file.display(),
                ))
                .stdin(std::process::Stdio::null())
                .status()
                .unwrap();
            size.stock_s.push(start.elapsed().as_secs_f64());
            assert!(status.success(), "the stock pipeline failed");
            std::fs::remove_file(&file).unwrap();
            std::fs::remove_file(format!("{}.minisig", file.display())).unwrap();
        }
        eprintln!(
            "{households} households: seal {:?} s, stock {:?} s",
            size.seal_s, size.stock_s
        );
        sizes.push(size);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    println!();
    println!("batch sealing against the stock tools making the same signed file, median of {runs}");
    println!(
        "{:>10} {:>8} {:>9} {:>12} {:>12} {:>7} {:>10}",
        "households", "photos", "MB files", "cunxin MB/s", "stock MB/s", "ratio", "peak RSS"
    );
    for s in &sizes {
        println!(
            "{:>10} {:>8} {:>9.0} {:>12.0} {:>12.0} {:>7.2} {:>7.1} MB",
            s.households,
            s.households * PHOTOS_PER_HOUSEHOLD,
            s.plain_bytes as f64 / 1e6,
            s.seal_mbps(),
            s.stock_mbps(),
            s.ratio(),
            s.rss_mb
        );
    }
    println!(
        "  cunxin: seal (store decryption, tar, age, BLAKE2b prehash and minisign signature, sync)"
    );
    println!(
        "  stock: tar -c DIR | age -r KEY > FILE && minisign -S -m FILE && sync FILE (tar {:.0} MB inside)",
        sizes[0].tar_bytes as f64 / 1e6
    );
    if let Some(report) = stage_report {
        report.print();
    }
    let worst_ratio = sizes.iter().map(Size::ratio).fold(f64::INFINITY, f64::min);
    let worst_rss = sizes.iter().map(|s| s.rss_mb).fold(0.0, f64::max);
    println!();
    println!(
        "RESULT batch: ratio {worst_ratio:.2} (lowest over the sizes; target ≥ {RATIO_TARGET:.2}) {}; peak RSS {worst_rss:.1} MB (target ≤ {RSS_TARGET_MB:.0} MB at {:?} households) {}",
        verdict(worst_ratio >= RATIO_TARGET),
        sizes.iter().map(|s| s.households).collect::<Vec<_>>(),
        verdict(worst_rss <= RSS_TARGET_MB)
    );
}

struct Stages {
    bytes: u64,
    /// (name, MB/s on one core)
    passes: Vec<(&'static str, f64)>,
    disk_mbps: f64,
    minisign_crate_mbps: f64,
}

impl Stages {
    fn print(&self) {
        println!();
        println!(
            "the machine's limit for the same work (each pass over {:.0} MB, one core)",
            self.bytes as f64 / 1e6
        );
        for (name, rate) in &self.passes {
            println!("  {name:<44} {rate:>8.0} MB/s");
        }
        println!(
            "  {:<44} {:>8.0} MB/s",
            "write and sync the file (disk)", self.disk_mbps
        );
        println!(
            "  ({:<42} {:>8.0} MB/s, replaced by blake2b_simd)",
            "the minisign crate's portable BLAKE2b", self.minisign_crate_mbps
        );
        let per_byte: f64 = self.passes.iter().map(|(_, r)| 1.0 / r).sum();
        let one_core = (1.0 / per_byte).min(self.disk_mbps);
        let slowest = self
            .passes
            .iter()
            .map(|(_, r)| *r)
            .fold(f64::INFINITY, f64::min);
        let two_cores = (2.0 / per_byte).min(slowest).min(self.disk_mbps);
        println!("  one core, every pass in turn: {one_core:.0} MB/s");
        println!(
            "  two cores, the passes in three pipelined stages: {two_cores:.0} MB/s (all CPU over two cores {:.0}, slowest pass {slowest:.0}, disk {:.0})",
            2.0 / per_byte,
            self.disk_mbps
        );
    }
}

/// Each of sealing's passes, alone on this thread, over the first store's bytes.
fn stages(store_dir: &Path, key: &StoreKey, files: &[PathBuf], bytes: u64, dir: &Path) -> Stages {
    let best = |f: &mut dyn FnMut()| {
        (0..3)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .min()
            .unwrap()
    };
    let store = Store::open(store_dir, key).unwrap();
    let households = store.finalized_households().unwrap();
    let mut buf = vec![0u8; 256 * 1024];
    let mut store_bytes = 0u64;
    let decrypt = best(&mut || {
        store_bytes = 0;
        for h in &households {
            for p in &h.photos {
                for mut r in [
                    store.open_photo(&p.id).unwrap(),
                    store.open_thumbnail(&p.id).unwrap(),
                ] {
                    loop {
                        let n = r.read(&mut buf).unwrap();
                        if n == 0 {
                            break;
                        }
                        store_bytes += n as u64;
                    }
                }
            }
        }
    });
    drop(store);
    // The other passes run over the plaintext held in memory, in the pipe's 256 KiB buffers.
    let mut data = Vec::with_capacity(bytes as usize);
    for f in files {
        data.extend_from_slice(&std::fs::read(f).unwrap());
    }
    let tar = best(&mut || {
        let mut builder = tar::Builder::new(std::io::sink());
        let mut at = 0;
        for f in files {
            let len = f.metadata().unwrap().len() as usize;
            let mut header = tar::Header::new_ustar();
            header.set_size(len as u64);
            header.set_mode(0o644);
            builder
                .append_data(
                    &mut header,
                    "households/0001/photos/x.jpg",
                    &data[at..at + len],
                )
                .unwrap();
            at += len;
        }
        builder.finish().unwrap();
    });
    let recipient = age::x25519::Identity::generate().to_public();
    let age_pass = best(&mut || {
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .unwrap();
        let mut w = encryptor.wrap_output(std::io::sink()).unwrap();
        for chunk in data.chunks(256 * 1024) {
            w.write_all(chunk).unwrap();
        }
        w.finish().unwrap();
    });
    let blake = best(&mut || {
        let mut state = blake2b_simd::Params::new().hash_length(64).to_state();
        for chunk in data.chunks(256 * 1024) {
            state.update(chunk);
        }
        std::hint::black_box(state.finalize());
    });
    let key_pair = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let minisign_crate = best(&mut || {
        std::hint::black_box(minisign::sign(None, &key_pair.sk, &data[..], None, None).unwrap());
    });
    let disk_file = dir.join("disk-pass");
    let disk = (0..3)
        .map(|_| {
            sync_all();
            let start = Instant::now();
            let mut f = std::fs::File::create(&disk_file).unwrap();
            for chunk in data.chunks(512 * 1024) {
                f.write_all(chunk).unwrap();
            }
            f.sync_all().unwrap();
            start.elapsed()
        })
        .min()
        .unwrap();
    std::fs::remove_file(&disk_file).unwrap();
    Stages {
        bytes,
        passes: vec![
            (
                "store decryption (photos, thumbnails)",
                mbps(store_bytes, decrypt),
            ),
            ("tar framing", mbps(bytes, tar)),
            ("age encryption (ChaCha20-Poly1305)", mbps(bytes, age_pass)),
            ("BLAKE2b-512 prehash (blake2b_simd)", mbps(bytes, blake)),
        ],
        disk_mbps: mbps(bytes, disk),
        minisign_crate_mbps: mbps(bytes, minisign_crate),
    }
}
