//! `cunxin photo normalize` against the CLI contract. The input photo is a PNG written by
//! hand here (stored deflate blocks); the JPEG cases reuse the command's own output, with an
//! EXIF orientation segment added by hand.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn cunxin() -> Command {
    Command::cargo_bin("cunxin").unwrap()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// An RGB PNG of a photo-like scene: coloured tiles, a gradient and pixel noise.
fn photo_png(width: u32, height: u32) -> Vec<u8> {
    let mut raw = Vec::with_capacity((width * 3 + 1) as usize * height as usize);
    let mut seed = 0x1234_5678u32;
    for y in 0..height {
        raw.push(0); // filter: none
        for x in 0..width {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let noise = (seed >> 28) as i32 - 8;
            let tile = (x / 40 + y / 40 * 7) % 5;
            let base = [
                (60 + tile * 35) as i32,
                (200 - tile * 30) as i32,
                (x * 255 / width) as i32,
            ];
            for c in base {
                raw.push((c + (y * 40 / height) as i32 + noise).clamp(0, 255) as u8);
            }
        }
    }
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push((i + 1 == blocks.len()) as u8);
        zlib.extend_from_slice(&(block.len() as u16).to_le_bytes());
        zlib.extend_from_slice(&(!(block.len() as u16)).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + byte as u32) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// Inserts an APP1 EXIF segment with only the orientation tag right after SOI.
fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0".to_vec();
    tiff.extend_from_slice(&orientation.to_le_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn sha256sum(path: &Path) -> String {
    let out = std::process::Command::new("sha256sum")
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

fn normalize_json(input: &Path, out: &Path, extra: &[&str]) -> Value {
    let output = cunxin()
        .args(["photo", "normalize", "--json"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn normalize_writes_content_addressed_files_and_the_contract_json() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("camera.png");
    std::fs::write(&input, photo_png(1600, 1200)).unwrap();
    let out = dir.path().join("out");
    let report = normalize_json(&input, &out, &[]);
    for key in [
        "sha256",
        "source_sha256",
        "width",
        "height",
        "thumb_width",
        "thumb_height",
        "phash",
        "quality",
    ] {
        assert!(report.get(key).is_some(), "missing {key}: {report}");
    }
    let sha = report["sha256"].as_str().unwrap();
    assert_eq!(
        (
            &report["width"],
            &report["height"],
            &report["thumb_width"],
            &report["thumb_height"]
        ),
        (
            &Value::from(1600),
            &Value::from(1200),
            &Value::from(320),
            &Value::from(240)
        )
    );
    assert_eq!(report["source_sha256"].as_str().unwrap(), sha256sum(&input));
    let phash = report["phash"].as_str().unwrap();
    assert!(phash.len() == 16 && phash.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(
        report["quality"]["flags"],
        serde_json::json!([]),
        "{report}"
    );
    assert!(report["quality"]["laplacian_variance"].is_number());
    let main = out.join(format!("{sha}.jpg"));
    let thumb = out.join(format!("{sha}.thumb.jpg"));
    assert_eq!(files_in(&out), vec![main.clone(), thumb.clone()]);
    assert_eq!(
        sha256sum(&main),
        sha,
        "the name is the SHA-256 of the bytes"
    );
    let jpeg = std::fs::read(&main).unwrap();
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    assert!(!jpeg.windows(6).any(|w| w == b"Exif\0\0"));

    // The same photo again: the same files, byte for byte.
    let again = normalize_json(&input, &out, &[]);
    assert_eq!(again["sha256"], report["sha256"]);
    assert_eq!(files_in(&out).len(), 2);

    // Plain output names the file and the flags.
    let text = cunxin()
        .args(["photo", "normalize"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(text.status.code(), Some(0));
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(
        stdout.contains(sha) && stdout.contains("quality flags: none"),
        "{stdout}"
    );
}

#[test]
fn exif_orientation_kind_and_watermark_options_are_applied() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("camera.png");
    std::fs::write(&input, photo_png(1600, 1200)).unwrap();
    let first = normalize_json(&input, &dir.path().join("a"), &[]);
    let jpeg = std::fs::read(
        dir.path()
            .join("a")
            .join(format!("{}.jpg", first["sha256"].as_str().unwrap())),
    )
    .unwrap();
    let turned = dir.path().join("portrait.jpg");
    std::fs::write(&turned, with_orientation(&jpeg, 6)).unwrap();
    let plain = normalize_json(&turned, &dir.path().join("b"), &["--kind", "house"]);
    assert_eq!(
        (&plain["width"], &plain["height"], &plain["orientation"]),
        (&Value::from(1200), &Value::from(1600), &Value::from(6))
    );
    let marked = normalize_json(
        &turned,
        &dir.path().join("c"),
        &[
            "--kind",
            "house",
            "--household",
            "H001",
            "--grid-manager",
            "GM017",
            "--captured-at",
            "2024-05-01T10:32:05+08:00",
            "--lat",
            "34.61987",
            "--lon",
            "-112.45401",
        ],
    );
    // The watermark changes the photo but not the scene's hash or checks.
    assert_ne!(marked["sha256"], plain["sha256"]);
    assert_eq!(marked["phash"], plain["phash"]);
    assert_eq!(marked["quality"], plain["quality"]);
}

#[test]
fn bad_photos_exit_1_with_one_sentence_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let png = photo_png(64, 48);
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("empty.jpg", Vec::new(), "The photo file is empty."),
        (
            "cut.png",
            png[..png.len() / 2].to_vec(),
            "The photo file is damaged or incomplete; take the photo again.",
        ),
        (
            "notes.jpg",
            b"just some text\n".to_vec(),
            "The file is not a photo; use a JPEG or PNG image.",
        ),
        (
            "iphone.heic",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(),
            "HEIC photos are not supported; set the camera to save JPEG.",
        ),
        (
            "bomb.png",
            {
                // A PNG header claiming 60000×60000 pixels over a tiny image's data.
                let small = photo_png(64, 48);
                let mut b = small[..8].to_vec();
                let mut ihdr = Vec::new();
                ihdr.extend_from_slice(&60_000u32.to_be_bytes());
                ihdr.extend_from_slice(&60_000u32.to_be_bytes());
                ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
                chunk(&mut b, b"IHDR", &ihdr);
                b.extend_from_slice(&small[33..]);
                b
            },
            "The image claims to be 60000×60000 pixels, more than a camera photo can be (limit 60 megapixels, 20000 pixels a side).",
        ),
    ];
    for (name, bytes, message) in cases {
        let input = dir.path().join(name);
        std::fs::write(&input, bytes).unwrap();
        let out = dir.path().join(format!("out-{name}"));
        let output = cunxin()
            .args(["photo", "normalize", "--json"])
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert!(output.stdout.is_empty(), "{name}");
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            format!("cunxin: {message}\n"),
            "{name}"
        );
        assert!(files_in(&out).is_empty(), "{name}: nothing written");
    }
}

#[test]
fn a_missing_file_or_a_bad_option_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = cunxin()
        .args(["photo", "normalize"])
        .arg(dir.path().join("missing.jpg"))
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let input = dir.path().join("camera.png");
    std::fs::write(&input, photo_png(64, 48)).unwrap();
    for extra in [
        &["--kind", "selfie"][..],
        &["--lat", "95", "--lon", "10"],
        &["--lat", "30"],
    ] {
        cunxin()
            .args(["photo", "normalize"])
            .arg(&input)
            .arg("--out")
            .arg(dir.path())
            .args(extra)
            .assert()
            .code(2);
    }
}
