//! `cunxin upload`: the real command over real HTTP on loopback, against the platform's
//! receiver and the stock `@tus/server`, with connections cut, the command killed and the
//! receiver killed mid-upload.

mod upload_support;

use assert_cmd::Command;
use rand::Rng;
use serde_json::Value;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;
use upload_support::{Proxy, Receiver, StockTusServer, only_upload, random_file};

const CHUNK: u64 = 256 * 1024;

fn upload(url: &str, file: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("cunxin")
        .unwrap()
        .args(["upload", url, "--json", "--chunk-size"])
        .arg(CHUNK.to_string())
        .arg("--file")
        .arg(file)
        .args(extra)
        .timeout(Duration::from_secs(120))
        .assert()
}

fn report(assert: &assert_cmd::assert::Assert) -> Value {
    let out: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    out["uploads"][0].clone()
}

fn same_bytes(a: &Path, b: &Path) {
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert_eq!(a.len(), b.len());
    assert!(a == b, "the uploaded bytes differ from the file");
}

#[test]
fn uploads_a_file_to_the_platform_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::storage_only(&dir.path().join("data"));
    let file = random_file(dir.path(), "batch.bin", 3 * CHUNK as usize + 1234);
    let done = upload(&receiver.endpoint(), &file, &[]).success();
    let r = report(&done);
    assert_eq!(r["length"], 3 * CHUNK + 1234);
    assert_eq!(r["bytes_sent"], 3 * CHUNK + 1234);
    assert_eq!(r["chunks_sent"], 4);
    assert_eq!(r["resumed_from"], 0);
    assert!(
        r["upload_url"]
            .as_str()
            .unwrap()
            .starts_with(&receiver.endpoint())
    );
    same_bytes(&file, &only_upload(&dir.path().join("data")));
    assert!(
        !dir.path().join("batch.bin.upload.json").exists(),
        "a finished upload leaves no state behind"
    );
}

#[test]
fn cuts_at_random_offsets_resend_at_most_one_chunk_each() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::storage_only(&dir.path().join("data"));
    let proxy = Proxy::start(receiver.addr());
    let len = 20 * CHUNK + 777;
    let file = random_file(dir.path(), "batch.bin", len as usize);
    let seed: u64 = rand::rng().random();
    eprintln!("cut seed {seed}");
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(seed);
    let mut cuts: Vec<u64> = (0..6).map(|_| rng.random_range(1..len)).collect();
    cuts.sort();
    // Later cuts shift by what the earlier ones made the client resend.
    let cuts: Vec<u64> = cuts
        .iter()
        .enumerate()
        .map(|(i, c)| c + i as u64 * CHUNK)
        .collect();
    proxy.cut_at(&cuts);
    let done = upload(&proxy.endpoint(), &file, &[]).success();
    let r = report(&done);
    let cuts_made = cuts.iter().filter(|&&c| c <= proxy.upstream()).count() as u64;
    assert!(cuts_made >= 1, "no cut happened: {cuts:?}");
    let resent = r["bytes_sent"].as_u64().unwrap() - len;
    assert!(
        resent <= cuts_made * CHUNK,
        "{resent} bytes resent for {cuts_made} cuts of {CHUNK}-byte chunks"
    );
    // What went over the wire agrees (headers allowed for).
    assert!(proxy.upstream() <= len + cuts_made * CHUNK + 64 * 1024);
    same_bytes(&file, &only_upload(&dir.path().join("data")));
}

#[test]
fn a_killed_command_resumes_from_the_servers_offset() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::storage_only(&dir.path().join("data"));
    let proxy = Proxy::start(receiver.addr());
    let len = 16 * CHUNK;
    let file = random_file(dir.path(), "batch.bin", len as usize);
    let stall = 7 * CHUNK + CHUNK / 2;
    proxy.stall_at(Some(stall));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cunxin"))
        .args(["upload", &proxy.endpoint(), "--json", "--chunk-size"])
        .arg(CHUNK.to_string())
        .arg("--file")
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    proxy.wait_for(stall, Duration::from_secs(60));
    child.kill().unwrap();
    child.wait().unwrap();
    let saved: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("batch.bin.upload.json")).unwrap())
            .unwrap();
    assert!(
        saved["upload_url"].is_string(),
        "the upload's state was saved"
    );
    let before = proxy.upstream();
    proxy.stall_at(None);
    let done = upload(&proxy.endpoint(), &file, &[]).success();
    let r = report(&done);
    assert_eq!(
        r["resumed_from"],
        7 * CHUNK,
        "went on from the server's offset"
    );
    assert_eq!(r["bytes_sent"], len - 7 * CHUNK);
    // The half chunk in flight at the kill is the only one sent twice.
    let total = proxy.upstream();
    assert!(total <= len + CHUNK + 64 * 1024, "{total} bytes in all");
    assert!(total > before);
    same_bytes(&file, &only_upload(&dir.path().join("data")));
}

#[test]
fn a_receiver_killed_mid_upload_is_resumed_after_its_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let receiver = Receiver::storage_only(&data);
    let proxy = Proxy::start(receiver.addr());
    let len = 24 * CHUNK;
    let file = random_file(dir.path(), "batch.bin", len as usize);
    let kill_at = 9 * CHUNK + CHUNK / 3;
    proxy.stall_at(Some(kill_at));
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cunxin"))
        .args(["upload", &proxy.endpoint(), "--json", "--chunk-size"])
        .arg(CHUNK.to_string())
        .arg("--file")
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    proxy.wait_for(kill_at, Duration::from_secs(60));
    receiver.kill();
    // Down for a moment: the command's retries meet a refused connection.
    std::thread::sleep(Duration::from_millis(300));
    let restarted = Receiver::storage_only(&data);
    proxy.retarget(restarted.addr());
    proxy.stall_at(None);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &r["uploads"][0];
    assert!(r["retries"].as_u64().unwrap() >= 1);
    assert!(r["bytes_sent"].as_u64().unwrap() <= len + CHUNK);
    same_bytes(&file, &only_upload(&data));
}

#[test]
fn uploads_to_the_stock_tus_server() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("tus-store");
    std::fs::create_dir_all(&store).unwrap();
    let Some(stock) = StockTusServer::start(&store) else {
        return;
    };
    let len = 5 * CHUNK + 99;
    let file = random_file(dir.path(), "batch.bin", len as usize);
    let done = upload(&stock.endpoint(), &file, &[]).success();
    let r = report(&done);
    let url = r["upload_url"].as_str().unwrap();
    let id = url.rsplit('/').next().unwrap();
    same_bytes(&file, &store.join(id));
    // @tus/server keeps the metadata beside the upload.
    let info = std::fs::read_to_string(store.join(format!("{id}.json"))).unwrap();
    assert!(info.contains("batch.bin"), "{info}");
}

#[test]
fn a_stock_tus_server_cut_mid_upload_is_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("tus-store");
    std::fs::create_dir_all(&store).unwrap();
    let Some(stock) = StockTusServer::start(&store) else {
        return;
    };
    let proxy = Proxy::start(format!("127.0.0.1:{}", stock.port).parse().unwrap());
    let len = 12 * CHUNK;
    let file = random_file(dir.path(), "batch.bin", len as usize);
    proxy.cut_at(&[3 * CHUNK + 500, 8 * CHUNK + 40_000]);
    let done = upload(&format!("http://{}/files", proxy.addr), &file, &[]).success();
    let r = report(&done);
    let id = r["upload_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    same_bytes(&file, &store.join(id));
    // Without checksums a stock server keeps a cut chunk's bytes: nothing is resent twice.
    assert!(r["bytes_sent"].as_u64().unwrap() <= len + 2 * CHUNK);
}

#[test]
fn an_address_without_a_tus_server_is_one_clear_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::storage_only(&dir.path().join("data"));
    let file = random_file(dir.path(), "batch.bin", 1000);
    let wrong = format!("http://{}/nothing-here/", receiver.addr());
    let failed = upload(&wrong, &file, &[]).code(2);
    let err = String::from_utf8_lossy(&failed.get_output().stderr).to_string();
    assert_eq!(
        err.trim(),
        "cunxin: the server refused the upload options request with HTTP status 404"
    );

    // Nothing listens: refused connections, no retries asked for.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let url = format!("http://127.0.0.1:{port}/files/");
    let failed = upload(&url, &file, &["--retries", "0"]).code(2);
    let err = String::from_utf8_lossy(&failed.get_output().stderr).to_string();
    assert!(
        err.starts_with("cunxin: could not reach the upload server after 1 attempts"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1);

    let failed = upload("ftp://example/", &file, &[]).code(2);
    let err = String::from_utf8_lossy(&failed.get_output().stderr).to_string();
    assert!(err.contains("is not a valid http or https URL"), "{err}");
}

#[test]
fn without_file_or_store_the_command_says_what_to_give() {
    Command::cargo_bin("cunxin")
        .unwrap()
        .args(["upload", "http://127.0.0.1:9/files/"])
        .assert()
        .code(2);
}
