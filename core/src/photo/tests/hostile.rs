//! Hostile and broken input: each gets its own error, as one plain sentence, never a panic,
//! and nothing large is allocated for a lying header.

use super::fixtures::*;
use crate::photo::{Limits, PhotoError, PhotoSettings, normalize, normalize_file};

fn err(bytes: &[u8]) -> PhotoError {
    normalize(bytes, &PhotoSettings::default()).expect_err("must be refused")
}

fn assert_one_sentence(e: &PhotoError) {
    let text = e.to_string();
    assert!(text.ends_with('.') && !text.contains('\n'), "{text:?}");
    assert!(
        text.chars().next().is_some_and(|c| c.is_uppercase()),
        "{text:?}"
    );
    assert_eq!(text.matches(". ").count(), 0, "one sentence: {text:?}");
}

fn small_jpeg() -> Vec<u8> {
    jpeg(&photo_like(640, 480, 60), 90)
}

#[test]
fn empty_truncated_and_corrupt_files_are_damaged() {
    assert_eq!(err(&[]), PhotoError::Empty);
    let good = small_jpeg();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("cut in the scan", good[..good.len() * 6 / 10].to_vec()),
        ("cut just before EOI", good[..good.len() - 2].to_vec()),
        ("cut in the header", good[..120].to_vec()),
        ("only SOI", good[..2].to_vec()),
        ("SOI and a marker byte", good[..3].to_vec()),
        ("scan overwritten with garbage", {
            let mut b = good.clone();
            let mut rng = Rng::new(7);
            let mid = b.len() / 2;
            for byte in &mut b[mid..mid + 4000] {
                *byte = rng.next() as u8;
            }
            b
        }),
        ("Huffman tables destroyed", {
            let mut b = good.clone();
            let at = b.windows(2).position(|w| w == [0xFF, 0xC4]).unwrap();
            for byte in &mut b[at + 5..at + 30] {
                *byte = 0xFF;
            }
            b
        }),
        ("zero width", with_sof_size(&good, 0, 480)),
    ];
    for (label, bytes) in cases {
        let e = err(&bytes);
        assert!(matches!(e, PhotoError::Damaged(_)), "{label}: {e:?}");
        assert_eq!(e.code(), "damaged");
        assert_one_sentence(&e);
    }
    let png = png(&image::DynamicImage::ImageRgb8(photo_like(300, 200, 61)));
    for cut in [png.len() / 2, 40, 6] {
        let e = err(&png[..cut]);
        assert!(
            matches!(e, PhotoError::Damaged(_)),
            "PNG cut at {cut}: {e:?}"
        );
    }
}

#[test]
fn files_that_are_not_images_say_so() {
    for bytes in [
        b"hello, this is a text file\n".as_slice(),
        b"%PDF-1.7\n",
        b"PK\x03\x04zip",
        &[0u8; 64],
    ] {
        let e = err(bytes);
        assert_eq!(e, PhotoError::NotAnImage);
        assert_one_sentence(&e);
    }
    assert_eq!(err(&[0u8]).code(), "not_an_image");
}

#[test]
fn lying_headers_are_refused_before_decoding() {
    let good = small_jpeg();
    for (w, h) in [(30000u16, 30000u16), (9000, 8000), (65000, 8), (8, 20001)] {
        let e = err(&with_sof_size(&good, w, h));
        assert!(matches!(e, PhotoError::TooLarge { .. }), "{w}×{h}: {e:?}");
        assert_one_sentence(&e);
    }
    // Under the pixel limit, but a progressive file's coefficients would need 294 MB.
    let progressive = progressive_jpeg(&photo_like(320, 240, 62), 90);
    let e = err(&with_sof_size(&progressive, 7000, 7000));
    assert_eq!(e, PhotoError::TooMuchMemory { limit_mb: 200 });
    assert_one_sentence(&e);
    // A baseline JPEG of legal size whose data runs out: decoded at 1/4 scale, then refused.
    let e = err(&with_sof_size(&good, 7000, 7000));
    assert!(matches!(e, PhotoError::Damaged(_)), "{e:?}");
    let png = png(&image::DynamicImage::ImageRgb8(photo_like(64, 48, 63)));
    let e = err(&with_ihdr_size(&png, 100_000, 100_000));
    assert!(matches!(e, PhotoError::TooLarge { .. }), "{e:?}");
    let e = err(&with_ihdr_size(&png, 7000, 7000));
    assert_eq!(e, PhotoError::TooMuchMemory { limit_mb: 200 });
}

#[test]
fn heic_and_other_formats_are_named() {
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\0meta";
    assert_eq!(err(heic), PhotoError::Heic);
    assert_eq!(
        err(heic).to_string(),
        "HEIC photos are not supported; set the camera to save JPEG."
    );
    assert_eq!(err(b"\0\0\0\x1cftypmif1\0\0\0\0mif1heic"), PhotoError::Heic);
    let cases: [(&[u8], &str); 6] = [
        (b"GIF89a\x01\0\x01\0\0\0\0;", "GIF"),
        (b"RIFF\x24\0\0\0WEBPVP8 ", "WebP"),
        (b"\0\0\0\x1cftypavif\0\0\0\0avifmif1", "AVIF"),
        (b"II*\0\x08\0\0\0", "TIFF and camera raw"),
        (
            b"BM\x36\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0\0\0\x01\0\0\0\x01\0\x18\0",
            "BMP",
        ),
        (b"\0\0\0\x0CjP  \r\n\x87\n", "JPEG 2000"),
    ];
    for (bytes, name) in cases {
        assert_eq!(err(bytes), PhotoError::Unsupported(name));
        assert_one_sentence(&err(bytes));
    }
    // A CMYK JPEG (print workflows, never a camera).
    let cmyk: Vec<u8> = photo_like(64, 48, 64)
        .pixels()
        .flat_map(|p| [p[0], p[1], p[2], 0])
        .collect();
    let mut c = turbojpeg::Compressor::new().unwrap();
    c.set_subsamp(turbojpeg::Subsamp::None).unwrap();
    let bytes = c
        .compress_to_vec(turbojpeg::Image {
            pixels: cmyk.as_slice(),
            width: 64,
            pitch: 256,
            height: 48,
            format: turbojpeg::PixelFormat::CMYK,
        })
        .unwrap();
    assert_eq!(err(&bytes), PhotoError::Unsupported("CMYK JPEG"));
}

#[test]
fn file_errors_name_no_path_and_big_files_are_not_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("王长明-身份证.jpg");
    let e = normalize_file(&missing, &PhotoSettings::default()).unwrap_err();
    assert!(matches!(e, PhotoError::Unreadable(_)), "{e:?}");
    assert!(!e.to_string().contains("王长明"));
    assert_one_sentence(&e);
    let big = dir.path().join("big.jpg");
    std::fs::write(&big, small_jpeg()).unwrap();
    let mut settings = PhotoSettings::default();
    settings.limits = Limits {
        max_file_bytes: 10_000,
        ..Limits::default()
    };
    let e = normalize_file(&big, &settings).unwrap_err();
    assert!(matches!(e, PhotoError::FileTooLarge { .. }), "{e:?}");
    assert_one_sentence(&e);
    assert!(normalize_file(&big, &PhotoSettings::default()).is_ok());
    let e = normalize_file(dir.path(), &PhotoSettings::default()).unwrap_err();
    assert!(matches!(e, PhotoError::Unreadable(_)), "a directory: {e:?}");
}
