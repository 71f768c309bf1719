//! Stock tus clients against the receiver: tuspy (PyPI), with and without checksums and
//! through connection cuts, and curl speaking tus by hand; and tuspy as a registered
//! device, signing each request with stock minisign (the README's recipe).

mod bank_support;
mod device_support;
mod support;

#[path = "../../cli/tests/upload_support/proxy.rs"]
#[allow(dead_code)]
mod proxy;

use cunxin_core::upload::headers::decode_metadata;
use std::path::Path;
use std::process::Command;
use support::*;

const TUSPY: &str = r#"
import sys
from tusclient import client
endpoint, path, chunk, checksum = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
uploader = client.TusClient(endpoint).uploader(
    path,
    chunk_size=chunk,
    metadata={"filename": "batch.bin", "batch_id": "b-2024-7"},
    upload_checksum=checksum,
    retries=10,
    retry_delay=0.2,
)
uploader.upload()
print(uploader.url)
"#;

/// Runs tuspy; `None` (and the reason printed) if it is not installed on this machine.
fn tuspy(endpoint: &str, file: &Path, chunk: usize, checksum: bool) -> Option<String> {
    let probe = Command::new("python3")
        .args(["-c", "import tusclient"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED: tuspy is not installed here (pip install tuspy); CI installs it");
        return None;
    }
    let out = Command::new("python3")
        .args(["-c", TUSPY, endpoint])
        .arg(file)
        .arg(chunk.to_string())
        .arg(if checksum { "1" } else { "0" })
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tuspy failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap().trim().to_string())
}

fn check_upload(data: &Path, url: &str, bytes: &[u8]) {
    assert_eq!(std::fs::read(data_file(data, url)).unwrap(), bytes);
    let head = send("HEAD", url, &[], b"");
    assert_eq!(
        head.header("Upload-Offset"),
        Some(bytes.len().to_string().as_str())
    );
    let meta = decode_metadata(head.header("Upload-Metadata").unwrap()).unwrap();
    assert_eq!(meta["batch_id"], "b-2024-7");
}

#[test]
fn tuspy_uploads_with_sha1_checksums() {
    let dir = tempfile::tempdir().unwrap();
    let (_p, base) = start(&dir.path().join("data"));
    let bytes = random(1_000_003);
    let file = dir.path().join("batch.bin");
    std::fs::write(&file, &bytes).unwrap();
    let Some(url) = tuspy(&format!("{base}/files/"), &file, 128 * 1024, true) else {
        return;
    };
    check_upload(&dir.path().join("data"), &url, &bytes);
}

#[test]
fn tuspy_uploads_in_one_chunk_without_checksums() {
    let dir = tempfile::tempdir().unwrap();
    let (_p, base) = start(&dir.path().join("data"));
    let bytes = random(700_000);
    let file = dir.path().join("batch.bin");
    std::fs::write(&file, &bytes).unwrap();
    let Some(url) = tuspy(&format!("{base}/files"), &file, 10 << 20, false) else {
        return;
    };
    check_upload(&dir.path().join("data"), &url, &bytes);
}

#[test]
fn tuspy_resumes_through_connection_cuts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (p, _base) = start(&data);
    let proxy = proxy::Proxy::start(p.addr);
    proxy.cut_at(&[150_000, 420_000, 900_000]);
    let bytes = random(1_200_000);
    let file = dir.path().join("batch.bin");
    std::fs::write(&file, &bytes).unwrap();
    let Some(url) = tuspy(&proxy.endpoint(), &file, 100_000, true) else {
        return;
    };
    assert!(proxy.upstream() > 900_000, "the cuts happened");
    check_upload(&data, &url, &bytes);
}

#[test]
fn curl_speaks_tus_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let (_p, base) = start(dir.path());
    let bytes = random(2_000_000);
    let file = dir.path().join("batch.bin");
    std::fs::write(&file, &bytes).unwrap();
    let url = create(&base, bytes.len() as u64);
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
        .arg(&file)
        .arg(&url)
        .output();
    let Ok(out) = out else {
        eprintln!("SKIPPED: curl is not installed here");
        return;
    };
    assert_eq!(String::from_utf8_lossy(&out.stdout), "204");
    assert_eq!(std::fs::read(data_file(dir.path(), &url)).unwrap(), bytes);
}

/// tuspy with the device signature added to every request by a `requests` hook, each
/// message signed by the stock `minisign` command: what the platform README tells a bank
/// whose own client is not Cunxin's.
const TUSPY_SIGNED: &str = r#"
import base64, os, secrets, subprocess, sys, tempfile, time
from urllib.parse import urlsplit
import requests
from tusclient import client

endpoint, path, key = sys.argv[1], sys.argv[2], sys.argv[3]
send = requests.sessions.Session.send

def signed_send(session, request, **kwargs):
    if request.method != "OPTIONS":
        if request.method == "POST":
            length = int(request.headers.get("upload-length", "0"))
        else:
            length = len(request.body or b"")
        t, n = int(time.time()), secrets.token_hex(12)
        message = f"cunxin-upload-1\n{request.method}\n{urlsplit(request.url).path}\n{t}\n{n}\n{length}\n"
        with tempfile.TemporaryDirectory() as d:
            m = os.path.join(d, "m")
            with open(m, "w") as f:
                f.write(message)
            subprocess.run(["minisign", "-S", "-s", key, "-m", m], check=True, capture_output=True)
            with open(m + ".minisig", "rb") as f:
                sig = base64.b64encode(f.read()).decode()
        request.headers["Cunxin-Device-Signature"] = f"t={t}; n={n}; sig={sig}"
    return send(session, request, **kwargs)

requests.sessions.Session.send = signed_send
uploader = client.TusClient(endpoint).uploader(
    path, chunk_size=300_000, metadata={"filename": "batch.bin"}, upload_checksum=True
)
uploader.upload()
print(uploader.url)
"#;

#[test]
fn tuspy_as_a_registered_device_signs_with_stock_minisign() {
    let have = |cmd: &str, arg: &str| {
        Command::new(cmd)
            .args(["-c", arg])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let minisign = Command::new("minisign").arg("-v").output().is_ok();
    if !have("python3", "import tusclient") || !minisign {
        eprintln!("SKIPPED: tuspy or minisign is not installed here; CI installs both");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bank = bank_support::bank(&dir.path().join("bank"));
    let p = cunxin_platform::BackgroundPlatform::start(&bank.config).unwrap();
    let key = dir.path().join("device.key");
    let out = Command::new("minisign")
        .args(["-G", "-W", "-s"])
        .arg(&key)
        .arg("-p")
        .arg(bank.devices_dir.join("stock.pub"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = random(1_000_000);
    let file = dir.path().join("batch.bin");
    std::fs::write(&file, &bytes).unwrap();
    let run = Command::new("python3")
        .args(["-c", TUSPY_SIGNED, &format!("http://{}/files/", p.addr)])
        .arg(&file)
        .arg(&key)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "tuspy failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let url = String::from_utf8(run.stdout).unwrap().trim().to_string();
    assert!(url.contains("/files/"), "{url}");
    // Complete, and decided (refused: it is no sealed batch), so its bytes are gone.
    let uploads = bank.data_dir().join("uploads");
    let id = url.rsplit('/').next().unwrap();
    assert!(uploads.join(format!("{id}.outcome.json")).exists());
    // The same client without the hook is turned away.
    let unsigned = send(
        "POST",
        &format!("http://{}/files/", p.addr),
        &[("Upload-Length", "10")],
        b"",
    );
    assert_eq!(unsigned.status, 401);
}
