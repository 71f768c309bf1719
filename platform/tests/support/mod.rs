//! Plain HTTP for the platform's tests: any method, any headers, every status returned.

#![allow(dead_code)]

use cunxin_platform::{BackgroundPlatform, Config};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use ureq::http;

pub struct Answer {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .allow_non_standard_methods(true)
        .build()
        .into()
}

/// One request; a `Tus-Resumable: 1.0.0` header unless `headers` says otherwise.
pub fn send(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut b = http::Request::builder().method(method).uri(url);
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("tus-resumable"))
    {
        b = b.header("Tus-Resumable", "1.0.0");
    }
    for (n, v) in headers {
        if !v.is_empty() {
            b = b.header(*n, *v);
        }
    }
    let mut r = if matches!(method, "POST" | "PATCH") {
        agent().run(b.body(body.to_vec()).unwrap())
    } else {
        agent().run(b.body(()).unwrap())
    }
    .unwrap();
    let body = if method == "HEAD" {
        String::new()
    } else {
        r.body_mut().read_to_string().unwrap_or_default()
    };
    Answer {
        status: r.status().as_u16(),
        headers: r.headers().clone(),
        body,
    }
}

/// Creates an upload of `length` bytes; returns its absolute URL.
pub fn create(base: &str, length: u64) -> String {
    let a = send(
        "POST",
        &format!("{base}/files/"),
        &[("Upload-Length", &length.to_string())],
        b"",
    );
    assert_eq!(a.status, 201, "{}", a.body);
    format!("{base}{}", a.header("Location").unwrap())
}

pub fn offset(url: &str) -> u64 {
    let a = send("HEAD", url, &[], b"");
    assert_eq!(a.status, 200);
    a.header("Upload-Offset").unwrap().parse().unwrap()
}

pub fn patch(url: &str, offset: u64, chunk: &[u8], checksum: Option<&str>) -> Answer {
    let off = offset.to_string();
    let mut headers = vec![
        ("Upload-Offset", off.as_str()),
        ("Content-Type", "application/offset+octet-stream"),
    ];
    if let Some(c) = checksum {
        headers.push(("Upload-Checksum", c));
    }
    send("PATCH", url, &headers, chunk)
}

/// Starts a PATCH by hand, sends `sent` of the chunk's bytes and returns the open
/// connection (to be dropped: a cut).
pub fn partial_patch(
    url: &str,
    offset: u64,
    chunk: &[u8],
    sent: usize,
    checksum: Option<&str>,
) -> TcpStream {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut s = TcpStream::connect(host).unwrap();
    let mut head = format!(
        "PATCH {path} HTTP/1.1\r\nHost: {host}\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: {}\r\n",
        chunk.len()
    );
    if let Some(c) = checksum {
        head.push_str(&format!("Upload-Checksum: {c}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(&chunk[..sent]).unwrap();
    s.flush().unwrap();
    s
}

/// Waits until the upload's offset is `want` (the server notices a cut on its own time).
pub fn wait_offset(url: &str, want: u64) {
    let start = Instant::now();
    loop {
        let got = offset(url);
        if got == want {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "offset {got}, expected {want}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn start(data: &Path) -> (BackgroundPlatform, String) {
    let p = BackgroundPlatform::start(&Config::storage_only(data)).unwrap();
    let base = format!("http://{}", p.addr);
    (p, base)
}

pub fn data_file(data: &Path, url: &str) -> PathBuf {
    data.join("uploads")
        .join(format!("{}.bin", url.rsplit('/').next().unwrap()))
}

pub fn random(len: usize) -> Vec<u8> {
    use rand::RngCore;
    let mut v = vec![0u8; len];
    rand::rng().fill_bytes(&mut v);
    v
}

/// Drains whatever the server answered on a hand-made connection.
pub fn read_all(mut s: TcpStream) -> String {
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}
