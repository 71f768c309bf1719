//! Stock tus clients against the receiver: tuspy (PyPI), with and without checksums and
//! through connection cuts, and curl speaking tus by hand.

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
