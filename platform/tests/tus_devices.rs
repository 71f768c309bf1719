//! Only registered devices may create and continue uploads: every request but `OPTIONS`
//! carries the device's signature over its method, path, time, nonce and length
//! (`Cunxin-Device-Signature`), checked against the registered keys, within a short window
//! and once. Over real HTTP on loopback against a receiver with the bank's keys.

mod bank_support;
mod device_support;
mod support;

use bank_support::bank;
use cunxin_platform::BackgroundPlatform;
use device_support::{Device, now};
use support::*;

fn keyed(dir: &std::path::Path) -> (bank_support::Bank, BackgroundPlatform, String) {
    let bank = bank(dir);
    let p = BackgroundPlatform::start(&bank.config).unwrap();
    let base = format!("http://{}", p.addr);
    (bank, p, base)
}

#[test]
fn anonymous_requests_are_refused_and_discovery_stays_open() {
    let dir = tempfile::tempdir().unwrap();
    let (bank, _p, base) = keyed(dir.path());
    let files = format!("{base}/files/");
    let a = send("POST", &files, &[("Upload-Length", "2147483648")], b"");
    assert_eq!(a.status, 401, "{}", a.body);
    assert!(a.body.contains("registered devices"), "{}", a.body);
    let o = send("OPTIONS", &files, &[], b"");
    assert_eq!(o.status, 204);
    // Nothing was created.
    let uploads = std::fs::read_dir(bank.data_dir().join("uploads")).unwrap();
    assert_eq!(uploads.count(), 0);
}

#[test]
fn a_registered_device_creates_and_continues_its_own_uploads_only() {
    let dir = tempfile::tempdir().unwrap();
    let (bank, _p, base) = keyed(dir.path());
    let tablet = Device::registered(&bank, "tablet-1");
    let other = Device::registered(&bank, "tablet-2");
    let url = tablet.create(&base, 10);
    let a = tablet.patch(&url, 0, b"01234");
    assert_eq!(a.status, 204, "{}", a.body);
    assert_eq!(a.header("Upload-Offset"), Some("5"));
    let head = tablet.send("HEAD", &url, &[], b"");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("Upload-Offset"), Some("5"));
    // Another registered device can neither see nor write it.
    assert_eq!(other.send("HEAD", &url, &[], b"").status, 404);
    assert_eq!(other.patch(&url, 5, b"56789").status, 404);
    // Nor can anyone unsigned.
    assert_eq!(send("HEAD", &url, &[], b"").status, 401);
    assert_eq!(send("GET", &format!("{url}/receipt"), &[], b"").status, 401);
    // The upload's bytes and record are the bank's alone: folder 0700, files 0600.
    use std::os::unix::fs::PermissionsExt;
    let uploads = bank.data_dir().join("uploads");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&uploads), 0o700);
    let files: Vec<_> = std::fs::read_dir(&uploads)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(files.len() >= 2, "{files:?}");
    for file in files {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

#[test]
fn an_unregistered_key_is_forbidden_and_registering_it_needs_no_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (bank, _p, base) = keyed(dir.path());
    let stranger = Device::new();
    let files = format!("{base}/files/");
    let a = stranger.send("POST", &files, &[("Upload-Length", "10")], b"");
    assert_eq!(a.status, 403, "{}", a.body);
    assert!(a.body.contains("not registered"), "{}", a.body);
    std::fs::write(
        bank.devices_dir.join("late.pub"),
        cunxin_core::batch::public_key_text(stranger.key.public_key(), "late"),
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2_100));
    assert_eq!(
        stranger
            .send("POST", &files, &[("Upload-Length", "10")], b"")
            .status,
        201
    );
}

#[test]
fn stale_replayed_and_mismatched_signatures_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (bank, _p, base) = keyed(dir.path());
    let tablet = Device::registered(&bank, "tablet-1");
    let files = format!("{base}/files/");
    let length = [("Upload-Length", "10")];

    // Signed ten minutes ago: outside the 5-minute window, with a sentence about the clock.
    let old = tablet.header_at("POST", &files, &length, b"", now() - 600);
    let a = send(
        "POST",
        &files,
        &[length[0], ("Cunxin-Device-Signature", &old)],
        b"",
    );
    assert_eq!(a.status, 401);
    assert!(a.body.contains("behind the receiver's clock"), "{}", a.body);

    // A good header works once; the same header again is a replay.
    let good = tablet.header_at("POST", &files, &length, b"", now());
    let with = [length[0], ("Cunxin-Device-Signature", good.as_str())];
    assert_eq!(send("POST", &files, &with, b"").status, 201);
    let again = send("POST", &files, &with, b"");
    assert_eq!(again.status, 401);
    assert!(again.body.contains("already used"), "{}", again.body);

    // Signed for 10 bytes, asking for 2 GiB.
    let small = tablet.header_at("POST", &files, &length, b"", now());
    let big = send(
        "POST",
        &files,
        &[
            ("Upload-Length", "2147483648"),
            ("Cunxin-Device-Signature", &small),
        ],
        b"",
    );
    assert_eq!(big.status, 401);
    assert!(big.body.contains("does not match"), "{}", big.body);

    // Signed for another path.
    let url = tablet.create(&base, 10);
    let elsewhere = tablet.header_at("HEAD", &format!("{base}/files/other"), &[], b"", now());
    let a = send(
        "HEAD",
        &url,
        &[("Cunxin-Device-Signature", &elsewhere)],
        b"",
    );
    assert_eq!(a.status, 401);

    // A chunk signed for 3 bytes carries no more than 3, whatever it sends.
    let three = tablet.header_at("PATCH", &url, &[], b"abc", now());
    let a = send(
        "PATCH",
        &url,
        &[
            ("Upload-Offset", "0"),
            ("Content-Type", "application/offset+octet-stream"),
            ("Cunxin-Device-Signature", &three),
        ],
        b"abcdef",
    );
    assert_eq!(a.status, 401, "the length is part of what is signed");

    let garbage = send(
        "POST",
        &files,
        &[length[0], ("Cunxin-Device-Signature", "t=1; n=x")],
        b"",
    );
    assert_eq!(garbage.status, 401);
    assert!(garbage.body.contains("malformed"), "{}", garbage.body);
}
