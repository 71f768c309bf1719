//! The receiver against the tus 1.0 spec (core, creation, checksum), over real HTTP on
//! loopback: every rule's good and bad case, cuts mid-chunk, restarts.

mod support;

use base64::Engine;
use cunxin_core::upload::ChecksumAlgorithm;
use cunxin_core::upload::headers::decode_metadata;
use cunxin_platform::{BackgroundPlatform, Config};
use support::*;

#[test]
fn options_advertises_tus_1_0_creation_and_crc32_and_sha1_checksums() {
    let dir = tempfile::tempdir().unwrap();
    let (_p, base) = start(dir.path());
    let a = send(
        "OPTIONS",
        &format!("{base}/files/"),
        &[("Tus-Resumable", "")],
        b"",
    );
    assert_eq!(a.status, 204);
    assert_eq!(a.header("Tus-Version"), Some("1.0.0"));
    assert_eq!(a.header("Tus-Resumable"), Some("1.0.0"));
    assert_eq!(
        a.header("Tus-Extension"),
        Some("creation,checksum,expiration")
    );
    assert_eq!(a.header("Tus-Checksum-Algorithm"), Some("crc32,sha1"));
    assert_eq!(a.header("Tus-Max-Size"), Some("2147483648"));
}

#[test]
fn requests_without_tus_1_0_are_refused_with_412() {
    let dir = tempfile::tempdir().unwrap();
    let (_p, base) = start(dir.path());
    for version in ["", "0.2.2"] {
        let a = send(
            "POST",
            &format!("{base}/files/"),
            &[("Tus-Resumable", version), ("Upload-Length", "5")],
            b"",
        );
        assert_eq!(a.status, 412);
        assert_eq!(a.header("Tus-Version"), Some("1.0.0"));
        assert!(a.body.contains("Tus-Resumable: 1.0.0"), "{}", a.body);
    }
}

#[test]
fn creation_checks_length_size_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::storage_only(dir.path());
    config.max_upload_bytes = 1000;
    let p = BackgroundPlatform::start(&config).unwrap();
    let files = format!("http://{}/files", p.addr);
    let post = |headers: &[(&str, &str)]| send("POST", &files, headers, b"");
    assert_eq!(post(&[]).status, 400, "no length");
    assert_eq!(post(&[("Upload-Length", "-1")]).status, 400);
    assert_eq!(post(&[("Upload-Length", "12abc")]).status, 400);
    assert_eq!(post(&[("Upload-Defer-Length", "1")]).status, 400);
    assert_eq!(post(&[("Upload-Length", "1001")]).status, 413);
    let bad_meta = post(&[("Upload-Length", "10"), ("Upload-Metadata", "name ***")]);
    assert_eq!(bad_meta.status, 400);
    assert_eq!(
        bad_meta.body.trim(),
        "the Upload-Metadata header is malformed"
    );

    let meta = format!(
        "filename {},batch_id {}",
        base64::engine::general_purpose::STANDARD.encode("石桥村.age"),
        base64::engine::general_purpose::STANDARD.encode("b-1")
    );
    let a = post(&[("Upload-Length", "1000"), ("Upload-Metadata", &meta)]);
    assert_eq!(a.status, 201);
    let location = a.header("Location").unwrap();
    assert!(
        location.starts_with("/files/") && location.len() == 7 + 32,
        "{location}"
    );
    let head = send("HEAD", &format!("http://{}{location}", p.addr), &[], b"");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("Upload-Offset"), Some("0"));
    assert_eq!(head.header("Upload-Length"), Some("1000"));
    assert_eq!(head.header("Cache-Control"), Some("no-store"));
    let echoed = decode_metadata(head.header("Upload-Metadata").unwrap()).unwrap();
    assert_eq!(echoed, decode_metadata(&meta).unwrap());
    assert_eq!(echoed["filename"], "石桥村.age");
}

#[test]
fn unknown_or_malformed_upload_ids_are_404() {
    let dir = tempfile::tempdir().unwrap();
    let (_p, base) = start(dir.path());
    for id in [
        "0123456789abcdef0123456789abcdef",
        "..%2F..%2Fetc%2Fpasswd",
        "ABCDEF",
        "x",
    ] {
        let url = format!("{base}/files/{id}");
        assert_eq!(send("HEAD", &url, &[], b"").status, 404, "{id}");
        assert_eq!(patch(&url, 0, b"abc", None).status, 404, "{id}");
    }
}

#[test]
fn patch_enforces_type_offset_length_and_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let (_p, base) = start(dir.path());
    let url = create(&base, 10);
    let wrong_type = send(
        "PATCH",
        &url,
        &[
            ("Upload-Offset", "0"),
            ("Content-Type", "application/octet-stream"),
        ],
        b"0123",
    );
    assert_eq!(wrong_type.status, 415);
    let no_offset = send(
        "PATCH",
        &url,
        &[("Content-Type", "application/offset+octet-stream")],
        b"0123",
    );
    assert_eq!(no_offset.status, 400);
    assert_eq!(patch(&url, 3, b"0123", None).status, 409);
    assert_eq!(patch(&url, 0, b"0123456789X", None).status, 413);
    assert_eq!(
        patch(&url, 0, b"0123", Some("md5 AAAAAAAAAAAAAAAAAAAAAA==")).status,
        400,
        "an algorithm not offered"
    );
    assert_eq!(patch(&url, 0, b"0123", Some("sha1 ***")).status, 400);
    let damaged = patch(
        &url,
        0,
        b"0123",
        Some(&ChecksumAlgorithm::Sha1.header_value(b"0124")),
    );
    assert_eq!(damaged.status, 460);
    assert_eq!(offset(&url), 0, "a damaged chunk does not count");

    let good = patch(
        &url,
        0,
        b"0123",
        Some(&ChecksumAlgorithm::Sha1.header_value(b"0123")),
    );
    assert_eq!(good.status, 204);
    assert_eq!(good.header("Upload-Offset"), Some("4"));
    assert_eq!(good.header("Tus-Resumable"), Some("1.0.0"));
    let crc = |bytes: &[u8]| ChecksumAlgorithm::Crc32.header_value(bytes);
    assert_eq!(patch(&url, 4, b"45", Some(&crc(b"54"))).status, 460);
    assert_eq!(
        patch(&url, 4, b"45", Some("crc32 AAAA")).status,
        400,
        "3 bytes for a crc32"
    );
    assert_eq!(patch(&url, 4, b"45", Some(&crc(b"45"))).status, 204);
    let plain = patch(&url, 6, b"6789", None);
    assert_eq!(plain.status, 204);
    assert_eq!(plain.header("Upload-Offset"), Some("10"));
    assert_eq!(
        patch(&url, 10, b"x", None).status,
        413,
        "a full upload takes no more"
    );
    assert_eq!(
        std::fs::read(data_file(dir.path(), &url)).unwrap(),
        b"0123456789"
    );
}

#[test]
fn a_cut_chunk_with_a_checksum_is_dropped_and_without_one_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (_p, base) = start(dir.path());
    let bytes = random(300_000);

    let url = create(&base, bytes.len() as u64);
    let checksum = ChecksumAlgorithm::Sha1.header_value(&bytes);
    drop(partial_patch(&url, 0, &bytes, 200_000, Some(&checksum)));
    // The server notices the cut and releases the upload; the offset stays.
    std::thread::sleep(std::time::Duration::from_millis(300));
    wait_offset(&url, 0);
    assert_eq!(patch(&url, 0, &bytes, Some(&checksum)).status, 204);
    assert_eq!(std::fs::read(data_file(dir.path(), &url)).unwrap(), bytes);

    let url = create(&base, bytes.len() as u64);
    drop(partial_patch(&url, 0, &bytes, 200_000, None));
    wait_offset(&url, 200_000);
    assert_eq!(patch(&url, 200_000, &bytes[200_000..], None).status, 204);
    assert_eq!(std::fs::read(data_file(dir.path(), &url)).unwrap(), bytes);
}

#[test]
fn offsets_survive_a_restart_and_leftovers_are_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let (p, base) = start(dir.path());
    let bytes = random(500_000);
    let url = create(&base, bytes.len() as u64);
    let path = url.trim_start_matches(&base).to_string();
    let first = &bytes[..200_000];
    assert_eq!(
        patch(
            &url,
            0,
            first,
            Some(&ChecksumAlgorithm::Sha1.header_value(first))
        )
        .status,
        204
    );
    // Killed while the next chunk streams in.
    let second = &bytes[200_000..400_000];
    let conn = partial_patch(
        &url,
        200_000,
        second,
        150_000,
        Some(&ChecksumAlgorithm::Sha1.header_value(second)),
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    p.kill();
    drop(conn);

    let (_p, base) = start(dir.path());
    let url = format!("{base}{path}");
    assert_eq!(offset(&url), 200_000, "the committed offset survived");
    assert_eq!(
        patch(
            &url,
            200_000,
            &bytes[200_000..],
            Some(&ChecksumAlgorithm::Sha1.header_value(&bytes[200_000..]))
        )
        .status,
        204
    );
    assert_eq!(std::fs::read(data_file(dir.path(), &url)).unwrap(), bytes);
}

#[test]
fn two_requests_on_one_upload_do_not_interleave() {
    let dir = tempfile::tempdir().unwrap();
    let (_p, base) = start(dir.path());
    let bytes = random(100_000);
    let url = create(&base, bytes.len() as u64);
    // A request still streaming holds the upload; a second one at the same offset waits,
    // then finds the offset moved (409) or the lock still held (423).
    let slow = partial_patch(&url, 0, &bytes, 50_000, None);
    std::thread::sleep(std::time::Duration::from_millis(100));
    let other = std::thread::spawn({
        let url = url.clone();
        let bytes = bytes.clone();
        move || patch(&url, 0, &bytes, None).status
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    drop(slow);
    let status = other.join().unwrap();
    assert!(matches!(status, 409 | 423), "{status}");
    wait_offset(&url, 50_000);
    let file = std::fs::read(data_file(dir.path(), &url)).unwrap();
    assert_eq!(file, &bytes[..50_000], "only the first request's bytes");
}

#[test]
fn an_empty_upload_is_complete_at_creation() {
    let dir = tempfile::tempdir().unwrap();
    let (_p, base) = start(dir.path());
    let url = create(&base, 0);
    assert_eq!(offset(&url), 0);
    assert_eq!(patch(&url, 0, b"", None).status, 204);
}
