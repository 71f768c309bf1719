//! What one device, one connection and the disk may take: per-device quotas, the
//! free-space floor (507), expiry of abandoned uploads (tus Expiration), removal of an
//! upload's bytes once its batch is decided, header and body timeouts, the connection
//! limit and file writes that slow clients cannot starve. Loopback only, small counts,
//! short configured timeouts.

mod bank_support;
mod device_support;
mod support;

use bank_support::{Bank, bank};
use cunxin_core::upload::{RetryPolicy, SignedTransport, TusUpload, UploadError, upload_file};
use cunxin_platform::config::Limits;
use cunxin_platform::{BackgroundPlatform, Config};
use device_support::{Device, Ureq};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};
use support::*;

fn keyed(dir: &Path, limits: Limits) -> (Bank, BackgroundPlatform, String) {
    let mut bank = bank(dir);
    bank.config.limits = limits;
    let p = BackgroundPlatform::start(&bank.config).unwrap();
    let base = format!("http://{}", p.addr);
    (bank, p, base)
}

fn open(limits: Limits, dir: &Path) -> (BackgroundPlatform, String) {
    let mut config = Config::storage_only(dir);
    config.limits = limits;
    let p = BackgroundPlatform::start(&config).unwrap();
    let base = format!("http://{}", p.addr);
    (p, base)
}

/// The defaults, but whatever disk the test runs on, and room for many uploads.
fn test_limits() -> Limits {
    Limits {
        free_space_floor_bytes: 0,
        uploads_per_device: 10_000,
        bytes_in_flight_per_device: u64::MAX,
        ..Limits::default()
    }
}

fn files_in(dir: &Path, suffix: &str) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(suffix)
        })
        .count()
}

#[test]
fn each_device_holds_a_bounded_number_of_unfinished_uploads_and_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        uploads_per_device: 2,
        bytes_in_flight_per_device: 100,
        ..test_limits()
    };
    let (bank, _p, base) = keyed(dir.path(), limits);
    let tablet = Device::registered(&bank, "tablet-1");
    let other = Device::registered(&bank, "tablet-2");
    let files = format!("{base}/files/");
    let first = tablet.create(&base, 10);
    tablet.create(&base, 10);
    let third = tablet.send("POST", &files, &[("Upload-Length", "10")], b"");
    assert_eq!(third.status, 429, "{}", third.body);
    assert!(
        third.body.contains("2 unfinished uploads"),
        "{}",
        third.body
    );
    // Another device is not held back by this one.
    let big = other.send("POST", &files, &[("Upload-Length", "101")], b"");
    assert_eq!(big.status, 429, "{}", big.body);
    assert!(big.body.contains("100 bytes"), "{}", big.body);
    other.create(&base, 100);
    // Finishing an upload frees its place.
    assert_eq!(tablet.patch(&first, 0, b"0123456789").status, 204);
    tablet.create(&base, 10);
}

#[test]
fn below_the_free_space_floor_creation_is_refused_with_507_and_the_device_says_full() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        free_space_floor_bytes: u64::MAX / 4,
        ..test_limits()
    };
    let (bank, _p, base) = keyed(dir.path(), limits);
    let tablet = Device::registered(&bank, "tablet-1");
    let a = tablet.send(
        "POST",
        &format!("{base}/files/"),
        &[("Upload-Length", "10")],
        b"",
    );
    assert_eq!(a.status, 507, "{}", a.body);
    assert!(a.body.contains("server is full"), "{}", a.body);

    // Core's upload over a signed transport ends with its own error, not "could not reach".
    let mut state = TusUpload::new(&format!("{base}/files/"), 10, Default::default()).unwrap();
    let signed = SignedTransport::new(&Ureq, &tablet.key);
    let mut file = std::io::Cursor::new(vec![0u8; 10]);
    let e = upload_file(
        &mut state,
        &mut file,
        &signed,
        &RetryPolicy { delays: vec![] },
        |_| {},
        |_| Ok::<(), String>(()),
    )
    .unwrap_err();
    assert!(matches!(e, UploadError::ServerFull), "{e:?}");
}

#[test]
fn abandoned_uploads_expire_and_say_when() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        abandoned_after_seconds: 2,
        ..test_limits()
    };
    let (bank, _p, base) = keyed(dir.path(), limits);
    let tablet = Device::registered(&bank, "tablet-1");
    let options = send("OPTIONS", &format!("{base}/files/"), &[], b"");
    assert!(
        options
            .header("Tus-Extension")
            .unwrap()
            .contains("expiration")
    );
    let created = tablet.send(
        "POST",
        &format!("{base}/files/"),
        &[("Upload-Length", "10")],
        b"",
    );
    assert!(created.header("Upload-Expires").unwrap().ends_with(" GMT"));
    let url = format!("{base}{}", created.header("Location").unwrap());
    let patched = tablet.patch(&url, 0, b"01234");
    assert!(patched.header("Upload-Expires").is_some());
    let head = tablet.send("HEAD", &url, &[], b"");
    let expires = head.header("Upload-Expires").unwrap();
    let at = chrono::DateTime::parse_from_rfc2822(&expires.replace("GMT", "+0000")).unwrap();
    let left = at.timestamp() - chrono::Utc::now().timestamp();
    assert!((0..=3).contains(&left), "{expires}: {left} s");

    let uploads = bank.data_dir().join("uploads");
    let start = Instant::now();
    while tablet.send("HEAD", &url, &[], b"").status != 404 {
        assert!(start.elapsed() < Duration::from_secs(10), "never expired");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(files_in(&uploads, ".bin"), 0);
    assert_eq!(files_in(&uploads, ".json"), 0);
}

#[test]
fn a_decided_upload_keeps_no_copy_of_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let (bank, _p, base) = keyed(dir.path(), test_limits());
    let tablet = Device::registered(&bank, "tablet-1");
    let uploads = bank.data_dir().join("uploads");
    // Three resends of a batch the platform refuses (it carries no signature).
    for _ in 0..3 {
        let url = tablet.create(&base, 1000);
        assert_eq!(tablet.patch(&url, 0, &random(1000)).status, 204);
        let receipt = tablet.send("GET", &format!("{url}/receipt"), &[], b"");
        assert_eq!(receipt.status, 422, "{}", receipt.body);
        assert!(receipt.body.contains("no signature"), "{}", receipt.body);
        let head = tablet.send("HEAD", &url, &[], b"");
        assert_eq!(head.header("Upload-Offset"), Some("1000"));
    }
    assert_eq!(files_in(&uploads, ".bin"), 0, "no copy is kept");
    assert_eq!(files_in(&uploads, ".outcome.json"), 3, "each answer is");
}

/// Whether the server closed `s` within `within` (reading gives end-of-file or an error).
fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    s.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    while start.elapsed() < within {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return true,
        }
    }
    false
}

#[test]
fn slow_headers_and_silent_connections_are_closed_after_the_header_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        header_timeout_seconds: 1,
        ..test_limits()
    };
    let (p, _base) = open(limits, dir.path());
    let mut slow: Vec<TcpStream> = (0..30)
        .map(|_| {
            let mut s = TcpStream::connect(p.addr).unwrap();
            s.write_all(b"POST /files/ HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            s
        })
        .collect();
    let mut silent = TcpStream::connect(p.addr).unwrap();
    // One header line every 300 ms, as the attack did every 5 s.
    let start = Instant::now();
    let mut open_after = usize::MAX;
    while start.elapsed() < Duration::from_secs(4) {
        slow.retain_mut(|s| s.write_all(b"X-Drip: 1\r\n").is_ok());
        std::thread::sleep(Duration::from_millis(300));
        if start.elapsed() > Duration::from_millis(2_500) {
            open_after = open_after.min(
                slow.iter_mut()
                    .map(|s| closed_within(s, Duration::from_millis(10)))
                    .filter(|closed| !closed)
                    .count(),
            );
        }
    }
    assert_eq!(open_after, 0, "slow-header connections still held");
    assert!(closed_within(&mut silent, Duration::from_secs(2)));
    // The receiver still answers.
    assert_eq!(
        send("OPTIONS", &format!("http://{}/files/", p.addr), &[], b"").status,
        204
    );
}

#[test]
fn a_dripping_body_is_cut_after_its_idle_window() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        body_idle_seconds: 1,
        min_body_bytes_per_second: 1024,
        ..test_limits()
    };
    let (_p, base) = open(limits, dir.path());
    let url = create(&base, 100_000);
    let mut s = partial_patch(&url, 0, &[7u8; 100_000], 10, None);
    let start = Instant::now();
    // 10 bytes every 100 ms: 100 B/s, far below the floor of 1 KiB/s.
    let mut cut = false;
    while start.elapsed() < Duration::from_secs(6) {
        if s.write_all(&[7u8; 10]).is_err() || closed_within(&mut s, Duration::from_millis(100)) {
            cut = true;
            break;
        }
    }
    assert!(cut, "the dripping body was held for 6 s");
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn past_the_connection_limit_clients_are_told_to_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        max_connections: 4,
        ..test_limits()
    };
    let (p, base) = open(limits, dir.path());
    let held: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(p.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut fifth = TcpStream::connect(p.addr).unwrap();
    fifth
        .write_all(b"OPTIONS /files/ HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let answer = read_all(fifth);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("Retry-After"), "{answer}");
    drop(held);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        send("OPTIONS", &format!("{base}/files/"), &[], b"").status,
        204
    );
}

fn threads() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn slow_chunks_hold_no_threads_and_a_normal_upload_goes_through() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        file_writes: 2,
        body_idle_seconds: 20,
        min_body_bytes_per_second: 1,
        ..test_limits()
    };
    let (_p, base) = open(limits, dir.path());
    // Warm the runtime's pools, then count.
    let warm = create(&base, 10);
    patch(&warm, 0, b"0123456789", None);
    let before = threads();
    let mut drips: Vec<TcpStream> = (0..60)
        .map(|_| {
            let url = create(&base, 1_000_000);
            partial_patch(&url, 0, &[1u8; 1_000_000], 100, None)
        })
        .collect();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        for d in &mut drips {
            d.write_all(&[1u8; 10]).unwrap();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let during = threads();
    assert!(
        during < before + 20,
        "60 dripping chunks took {} threads",
        during - before
    );
    let bytes = random(3_000_000);
    let url = create(&base, bytes.len() as u64);
    let t = Instant::now();
    for (i, piece) in bytes.chunks(1_000_000).enumerate() {
        assert_eq!(patch(&url, (i * 1_000_000) as u64, piece, None).status, 204);
    }
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    assert_eq!(std::fs::read(data_file(dir.path(), &url)).unwrap(), bytes);
    drop(drips);
}
