//! Near-duplicate detection: a re-encoded, slightly cropped copy is caught; different photos
//! are not. The printed distances are where `NEAR_DUPLICATE_DISTANCE` comes from.

use super::fixtures::*;
use crate::photo::{NEAR_DUPLICATE_DISTANCE, PhotoSettings, hamming, near_duplicates, normalize};
use image::RgbImage;

/// Crops 3% of each dimension (2% from the left and top, 1% from the right and bottom)
/// and re-encodes at quality 60, as a re-shared copy of a photo would be.
fn cropped_recompressed(img: &RgbImage) -> Vec<u8> {
    let (w, h) = img.dimensions();
    let (x, y) = (w * 2 / 100, h * 2 / 100);
    let crop = image::imageops::crop_imm(img, x, y, w - w * 3 / 100, h - h * 3 / 100).to_image();
    jpeg(&crop, 60)
}

/// The pipeline's pHash. Real photographs go through with a 320 px long side, which
/// libjpeg-turbo reaches by decoding at 1/8: the same hash input as the 1600 px path's
/// thumbnail, without its Lanczos pass (slow in the dev profile).
fn phash_of(bytes: &[u8], real: bool) -> u64 {
    let settings = if real {
        PhotoSettings {
            long_side: 320,
            ..PhotoSettings::default()
        }
    } else {
        PhotoSettings::default()
    };
    normalize(bytes, &settings).unwrap().phash
}

#[test]
fn recompressed_cropped_copies_are_near_duplicates_and_different_photos_are_not() {
    let mut originals: Vec<(String, bool, RgbImage)> = (30..36)
        .map(|seed| {
            (
                format!("synthetic-{seed}"),
                false,
                photo_like(1600, 1200, seed),
            )
        })
        .collect();
    for path in real_photos() {
        let img = image::open(&path).unwrap().to_rgb8();
        originals.push((path.display().to_string(), true, img));
    }
    let hashes: Vec<(String, u64)> = originals
        .iter()
        .map(|(name, real, img)| (name.clone(), phash_of(&jpeg(img, 92), *real)))
        .collect();
    let mut worst_copy = 0;
    for ((name, real, img), (_, hash)) in originals.iter().zip(&hashes) {
        let copy = phash_of(&cropped_recompressed(img), *real);
        let d = hamming(*hash, copy);
        eprintln!("{name}: copy at distance {d}");
        worst_copy = worst_copy.max(d);
        let found = near_duplicates(copy, &hashes, NEAR_DUPLICATE_DISTANCE);
        assert_eq!(
            found.first().map(|(n, _)| n.as_str()),
            Some(name.as_str()),
            "{name}: {found:?}"
        );
        assert_eq!(
            found.len(),
            1,
            "{name}: only its original is near: {found:?}"
        );
    }
    let mut closest_different = 64;
    for (i, (a, ha)) in hashes.iter().enumerate() {
        for (b, hb) in &hashes[i + 1..] {
            let d = hamming(*ha, *hb);
            if d <= NEAR_DUPLICATE_DISTANCE + 6 {
                eprintln!("{a} vs {b}: distance {d}");
            }
            closest_different = closest_different.min(d);
        }
    }
    eprintln!("worst copy distance {worst_copy}, closest different pair {closest_different}");
    assert!(worst_copy <= NEAR_DUPLICATE_DISTANCE);
    assert!(closest_different > NEAR_DUPLICATE_DISTANCE);
}

#[test]
fn hamming_and_near_duplicates_order_by_distance() {
    assert_eq!(hamming(0, u64::MAX), 64);
    assert_eq!(hamming(0b1011, 0b0001), 2);
    let existing = vec![
        ("far".to_string(), 0xFFFF),
        ("near".to_string(), 0b1),
        ("same".to_string(), 0),
    ];
    let found = near_duplicates(0, &existing, 4);
    assert_eq!(
        found,
        vec![("same".to_string(), 0), ("near".to_string(), 1)]
    );
    assert!(near_duplicates(0, &[], 10).is_empty());
}
