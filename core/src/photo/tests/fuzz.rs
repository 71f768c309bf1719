//! Bounded fuzzing on stable Rust, run in CI: mutated and truncated JPEG and PNG files (with
//! EXIF, baseline and progressive) and random bytes give a photo or a `PhotoError`, never a
//! panic. `CUNXIN_FUZZ_CASES=100000 cargo test -p cunxin-core photo::tests::fuzz` for a long
//! run by hand.

use super::fixtures::*;
use crate::photo::{PhotoSettings, normalize};
use proptest::prelude::*;
use std::sync::OnceLock;

fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let scene = photo_like(96, 72, 70);
        vec![
            with_exif_orientation(&jpeg(&scene, 85), 6),
            progressive_jpeg(&scene, 80),
            png(&image::DynamicImage::ImageRgb8(scene)),
        ]
    })
}

/// 500 cases a test by default (a few seconds in CI).
fn cases() -> u32 {
    std::env::var("CUNXIN_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500)
}

fn check(bytes: &[u8]) {
    if let Ok(photo) = normalize(bytes, &PhotoSettings::default()) {
        assert!(photo.width.max(photo.height) <= 1600);
        assert!(photo.thumb_width.max(photo.thumb_height) <= 320);
        assert_eq!(&photo.jpeg[..2], &[0xFF, 0xD8]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn mutated_photos_never_panic(
        seed in 0usize..3,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = seeds()[seed].clone();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        check(&bytes);
    }

    #[test]
    fn random_bytes_behind_an_image_signature_never_panic(
        signature in 0usize..4,
        tail in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let start: &[u8] = [&[0xFF, 0xD8, 0xFF][..], b"\x89PNG\r\n\x1a\n", b"\0\0\0\x18ftyp", b""][signature];
        check(&[start, tail.as_slice()].concat());
    }
}
