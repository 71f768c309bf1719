//! The receiver's limits as measured: the real `cunxin-platform` binary on loopback with its
//! default limits and the bank's keys, one registered device signing every request.
//!
//! - concurrent uploads held: slow chunks (each its own upload, dripping above the minimum
//!   rate) opened past `max_connections`, how many the receiver holds and how many it turns
//!   away with 503, and how long a normal upload takes meanwhile;
//! - memory at 200 parallel uploads: the receiver's resident memory before and at its peak;
//! - the largest record accepted and its peak memory: a batch whose record is exactly the
//!   record bound, as one long text and as the densest JSON (small values), imported by the
//!   real binary, its peak memory beside the same batch as sealed (the anchor).
//!
//! `cargo bench -p cunxin-platform --bench limits` (CUNXIN_BENCH_HELD sets the slow chunks,
//! default 400; CUNXIN_BENCH_PARALLEL the parallel uploads, default 200).

#[path = "../tests/bank_support/mod.rs"]
mod bank_support;
#[path = "../tests/batch_forge/mod.rs"]
mod batch_forge;
#[path = "../../core/tests/batch_support/mod.rs"]
mod batch_support;
#[path = "../../core/tests/store_support/mod.rs"]
mod store_support;

use age::secrecy::ExposeSecret;
use cunxin_core::batch::{SigningKey, public_key_text};
use cunxin_core::upload::signature::sign_request;
use cunxin_core::upload::{
    HttpRequest, HttpResponse, HttpTransport, Method, RetryPolicy, SignedTransport, TransportError,
    TusUpload, upload_file,
};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let held: usize = env_or("CUNXIN_BENCH_HELD", 400);
    let parallel: usize = env_or("CUNXIN_BENCH_PARALLEL", 200);
    let dir = tempfile::tempdir().unwrap();
    let device = SigningKey::generate().unwrap();
    let receiver = Receiver::start(dir.path(), &device);
    println!("receiver limits (defaults, but for a device quota fit for the bench):");

    concurrent_uploads_held(&receiver, &device, held);
    memory_at_parallel_uploads(&receiver, &device, parallel);
    drop(receiver);
    largest_record_accepted(dir.path());
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Receiver {
    child: Child,
    addr: SocketAddr,
}

impl Receiver {
    fn start(dir: &Path, device: &SigningKey) -> Receiver {
        let keys = dir.join("keys");
        std::fs::create_dir_all(keys.join("devices")).unwrap();
        let identity = age::x25519::Identity::generate();
        std::fs::write(
            keys.join("bank.key"),
            format!("{}\n", identity.to_string().expose_secret()),
        )
        .unwrap();
        let platform = SigningKey::generate().unwrap();
        std::fs::write(
            keys.join("platform.key"),
            platform.secret_key_text().unwrap().as_bytes(),
        )
        .unwrap();
        std::fs::write(
            keys.join("devices/bench.pub"),
            public_key_text(device.public_key(), "bench"),
        )
        .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        std::fs::write(
            dir.join("platform.toml"),
            format!(
                "listen = \"127.0.0.1:{port}\"\ndata_dir = \"data\"\n[keys]\nbank_identity = \"keys/bank.key\"\nplatform_key = \"keys/platform.key\"\ndevices_dir = \"keys/devices\"\n[limits]\nuploads_per_device = 100000\nbytes_in_flight_per_device = 1099511627776\nfree_space_floor_bytes = 0\n"
            ),
        )
        .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_cunxin-platform"))
            .arg("--config")
            .arg(dir.join("platform.toml"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let start = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "receiver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Receiver { child, addr }
    }

    fn endpoint(&self) -> String {
        format!("http://{}/files/", self.addr)
    }

    /// The receiver's resident memory now and at its peak (kB).
    fn memory(&self) -> (u64, u64) {
        let id = self.child.id();
        (proc_status_kb(id, "VmRSS:"), proc_status_kb(id, "VmHWM:"))
    }

    fn threads(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `/proc/<pid>/status` field in kB; 0 once the process is gone.
fn proc_status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// A signed request made by hand on its own connection (for slow chunks).
fn signed_head(
    device: &SigningKey,
    method: Method,
    url: &str,
    headers: &[(&str, String)],
    body_len: usize,
) -> String {
    let mut request = HttpRequest {
        method,
        url: url.to_string(),
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect(),
        body: vec![0; body_len],
    };
    sign_request(&mut request, device, chrono::Utc::now().timestamp()).unwrap();
    let path = url::Url::parse(url).unwrap().path().to_string();
    let mut text = format!(
        "{} {path} HTTP/1.1\r\nHost: bench\r\nTus-Resumable: 1.0.0\r\nContent-Length: {body_len}\r\n",
        method.as_str()
    );
    for (n, v) in &request.headers {
        text.push_str(&format!("{n}: {v}\r\n"));
    }
    text.push_str("\r\n");
    text
}

fn create(device: &SigningKey, receiver: &Receiver, length: u64) -> String {
    let answer = Ureq
        .send(signed(
            device,
            HttpRequest {
                method: Method::Post,
                url: receiver.endpoint(),
                headers: vec![
                    ("Tus-Resumable".into(), "1.0.0".into()),
                    ("Upload-Length".into(), length.to_string()),
                ],
                body: Vec::new(),
            },
        ))
        .unwrap();
    assert_eq!(
        answer.status,
        201,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let location = answer.header("Location").unwrap();
    format!("http://{}{location}", receiver.addr)
}

fn signed(device: &SigningKey, mut request: HttpRequest) -> HttpRequest {
    sign_request(&mut request, device, chrono::Utc::now().timestamp()).unwrap();
    request
}

fn concurrent_uploads_held(receiver: &Receiver, device: &SigningKey, slow: usize) {
    const CHUNK: usize = 1 << 20;
    let mut streams = Vec::new();
    for _ in 0..slow {
        let url = create(device, receiver, CHUNK as u64);
        let head = signed_head(
            device,
            Method::Patch,
            &url,
            &[
                ("Upload-Offset".into(), "0".into()),
                (
                    "Content-Type".into(),
                    "application/offset+octet-stream".into(),
                ),
            ],
            CHUNK,
        );
        let mut s = TcpStream::connect(receiver.addr).unwrap();
        s.set_nodelay(true).unwrap();
        if s.write_all(head.as_bytes()).is_ok() {
            streams.push(s);
        }
    }
    // Drip 2 KiB a second into each for three seconds (above the 1 KiB/s floor).
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        for s in &mut streams {
            let _ = s.write_all(&[0u8; 205]);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // Turned away: the receiver answered 503 and closed.
    let mut turned_away = 0;
    for s in &mut streams {
        s.set_nonblocking(true).unwrap();
        let mut buf = [0u8; 512];
        match s.read(&mut buf) {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            // A 503, or closed after it.
            _ => turned_away += 1,
        }
        s.set_nonblocking(false).unwrap();
    }
    let threads = receiver.threads();
    let (rss, _) = receiver.memory();
    let bytes = vec![7u8; 8 << 20];
    let t = Instant::now();
    let normal = upload(receiver, device, &bytes, 4 << 20);
    let normal_time = t.elapsed();
    println!("concurrent uploads held:");
    println!(
        "  {slow} slow chunks opened: {} held, {turned_away} turned away with 503 (max_connections 256)",
        slow - turned_away
    );
    println!(
        "  receiver meanwhile: {threads} threads, {:.1} MB resident; a normal 8 MiB upload {} in {:.2} s",
        rss as f64 / 1024.0,
        if normal { "went through" } else { "FAILED" },
        normal_time.as_secs_f64()
    );
    drop(streams);
    std::thread::sleep(Duration::from_millis(500));
}

fn memory_at_parallel_uploads(receiver: &Receiver, device: &SigningKey, parallel: usize) {
    const SIZE: usize = 2 << 20;
    let (before, _) = receiver.memory();
    let bytes = vec![3u8; SIZE];
    let peak_rss = std::sync::atomic::AtomicU64::new(0);
    let done = std::sync::atomic::AtomicBool::new(false);
    let t = Instant::now();
    let ok = std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let (rss, _) = receiver.memory();
                peak_rss.fetch_max(rss, std::sync::atomic::Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        let uploads: Vec<_> = (0..parallel)
            .map(|_| s.spawn(|| upload(receiver, device, &bytes, 256 << 10)))
            .collect();
        let ok = uploads
            .into_iter()
            .map(|u| u.join().unwrap())
            .filter(|ok| *ok)
            .count();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        ok
    });
    let elapsed = t.elapsed();
    let peak = peak_rss.into_inner();
    println!("memory at {parallel} parallel uploads (2 MiB each, 256 KiB chunks, signed):");
    println!(
        "  {ok} of {parallel} complete in {:.2} s; resident {:.1} MB before, {:.1} MB at the peak ({:.0} KB per upload)",
        elapsed.as_secs_f64(),
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
        peak.saturating_sub(before) as f64 / parallel as f64
    );
}

/// One upload through core's driver over a signed transport; whether it completed.
fn upload(receiver: &Receiver, device: &SigningKey, bytes: &[u8], chunk: u64) -> bool {
    let mut state = TusUpload::new(&receiver.endpoint(), bytes.len() as u64, Default::default())
        .unwrap()
        .with_chunk_size(chunk);
    let signed = SignedTransport::new(&Ureq, device);
    let mut file = std::io::Cursor::new(bytes);
    upload_file(
        &mut state,
        &mut file,
        &signed,
        &RetryPolicy::default(),
        |_| {},
        |_| Ok::<(), String>(()),
    )
    .is_ok()
}

struct Ureq;

impl HttpTransport for Ureq {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        use ureq::http;
        thread_local! {
            static AGENT: ureq::Agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .allow_non_standard_methods(true)
                .build()
                .into();
        }
        let mut b = http::Request::builder()
            .method(request.method.as_str())
            .uri(&request.url);
        for (n, v) in &request.headers {
            b = b.header(n, v);
        }
        let result = AGENT.with(|agent| match request.method {
            Method::Post | Method::Patch => agent.run(b.body(request.body).unwrap()),
            _ => agent.run(b.body(()).unwrap()),
        });
        let mut r = result.map_err(|e| TransportError(e.to_string()))?;
        let headers = r
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.to_string(), v.to_str().ok()?.to_string())))
            .collect();
        let body = if request.method == Method::Head {
            Vec::new()
        } else {
            r.body_mut().read_to_vec().unwrap_or_default()
        };
        Ok(HttpResponse {
            status: r.status().as_u16(),
            headers,
            body,
        })
    }
}

/// A record of exactly [`MAX_RECORD_BYTES`], imported with `cunxin-platform import` (the
/// intake the tus receiver runs), against the batch as sealed.
fn largest_record_accepted(dir: &Path) {
    use batch_forge::{Forged, bank_identity};
    use cunxin_core::batch::manifest::MAX_RECORD_BYTES;

    let work = dir.join("largest-record");
    let bank = bank_support::bank(&work.join("bank"));
    let (mut store, _, _) = batch_support::village(&work.join("store"), 1, 1);
    bank.register(&mut store, "tablet-1");
    let sealed = cunxin_core::batch::seal(
        &mut store,
        std::slice::from_ref(&bank.recipient),
        &work.join("sealed"),
    )
    .unwrap();
    let identity = bank_identity(&bank.config.keys.as_ref().unwrap().bank_identity);
    let device = batch_forge::device_key(&store);
    let sealed_record = Forged::of(&sealed, &identity).record(0);

    // The anchor, then the two shapes at the bound: a string costs its length to parse, small
    // values cost their in-memory size (tens of bytes each for two bytes of JSON).
    let ordinary = serde_json::to_vec(&sealed_record).unwrap();
    let long_text = padded_to_bound(&sealed_record, |room| serde_json::json!("x".repeat(room)));
    let dense = padded_to_bound(&sealed_record, |room| {
        serde_json::Value::Array(vec![serde_json::json!(0); room / 2])
    });
    println!(
        "largest record accepted and its peak memory (cunxin-platform import, one household):"
    );
    let mut anchor_kb = 0;
    let cases = [
        ("as sealed (the anchor)", ordinary),
        ("one long text", long_text),
        ("small values", dense),
    ];
    for (case, (name, record)) in cases.into_iter().enumerate() {
        let mut forged = Forged::of(&sealed, &identity);
        forged.set_record(0, record.clone());
        let folder = work.join(format!("usb-{case}"));
        forged.seal(&bank.recipient, &device, &folder);
        let (peak_kb, answer) = import_peak(&bank, &work.join(format!("data-{case}")), &folder);
        if anchor_kb == 0 {
            anchor_kb = peak_kb;
        }
        println!(
            "  record {name}: {:.2} MiB ({}), peak {:.1} MB resident, {:.2}× the anchor; {answer}",
            record.len() as f64 / (1 << 20) as f64,
            if record.len() as u64 == MAX_RECORD_BYTES {
                "the bound"
            } else {
                "below it"
            },
            peak_kb as f64 / 1024.0,
            peak_kb as f64 / anchor_kb as f64
        );
    }
}

/// `record` with a `padding` field from `fill(room)` grown until the whole is exactly the
/// bound (spaces after the last value make up what `fill` cannot).
fn padded_to_bound(
    record: &serde_json::Value,
    fill: impl Fn(usize) -> serde_json::Value,
) -> Vec<u8> {
    use cunxin_core::batch::manifest::MAX_RECORD_BYTES;
    let bound = MAX_RECORD_BYTES as usize;
    let mut padded = record.clone();
    padded["padding"] = fill(0);
    let room = bound - serde_json::to_vec(&padded).unwrap().len();
    padded["padding"] = fill(room);
    let mut bytes = serde_json::to_vec(&padded).unwrap();
    assert!(bytes.len() <= bound, "padding overshot the bound");
    bytes.resize(bound, b' ');
    bytes
}

/// Runs `cunxin-platform import` on `folder` into a fresh data folder: the process's peak
/// resident memory (kB) and the line it printed for the batch.
fn import_peak(bank: &bank_support::Bank, data_dir: &Path, folder: &Path) -> (u64, String) {
    let keys = bank.config.keys.as_ref().unwrap();
    let config = data_dir.with_extension("toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:0\"\ndata_dir = {:?}\n[keys]\nbank_identity = {:?}\nplatform_key = {:?}\ndevices_dir = {:?}\n",
            data_dir, keys.bank_identity, keys.platform_key, keys.devices_dir
        ),
    )
    .unwrap();
    let out = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cunxin-platform"))
        .arg("--config")
        .arg(&config)
        .arg("import")
        .arg(folder)
        .stdout(out.reopen().unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The process's own high-water mark (VmHWM, reset by exec), sampled every millisecond
    // until it exits: wait4's ru_maxrss would count this bench's memory, which the child
    // shared until it exec'd.
    let mut peak_kb = 0;
    while child.try_wait().unwrap().is_none() {
        peak_kb = peak_kb.max(proc_status_kb(child.id(), "VmHWM:"));
        std::thread::sleep(Duration::from_millis(1));
    }
    let printed = std::fs::read_to_string(out.path()).unwrap();
    let answer = printed
        .lines()
        .find(|l| !l.starts_with("  answer"))
        .map(|l| l.split_once(": ").map_or(l, |(_, what)| what).to_string())
        .unwrap_or_else(|| "nothing printed".into());
    (peak_kb, answer)
}
