//! A camera photo into the encrypted store through the whole pipeline: real JPEG files in, a
//! real SQLCipher store and encrypted files out. The quality gate, the near-duplicate check
//! and the camera file's deletion are checked, and no plaintext of the photo is left.

mod store_support;

use cunxin_core::capture::{CaptureError, CaptureRequest};
use cunxin_core::model::HouseholdId;
use cunxin_core::photo::PhotoError;
use cunxin_core::store::{GeoPoint, PhotoKind, Store};
use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};
use sha2::Digest;
use std::io::Read;
use std::path::{Path, PathBuf};
use store_support::*;

/// A house photographed in daylight: size, colour and place depend on `n`; sensor grain gives
/// the detail a real photo has.
fn house(n: u32) -> RgbImage {
    let (w, h) = (2000u32, 1500u32);
    let house_w = 700 + (n * 137) % 400;
    let left = 150 + (n * 311) % (w - house_w - 300);
    let ground = 900 + (n * 53) % 250;
    let top = ground - 400 - (n * 29) % 200;
    let wall = [
        [200u8, 180, 150],
        [170, 60, 50],
        [220, 220, 210],
        [120, 130, 150],
    ][n as usize % 4];
    RgbImage::from_fn(w, h, |x, y| {
        // Sensor grain, and coarser texture (brick, gravel) that a sharp photo keeps at 320 px.
        let noise = |x: u32, y: u32| {
            ((x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503) ^ n) >> 7) % 21
        };
        let grain = noise(x, y) + noise(x / 6 + 7919, y / 6);
        let base = if x >= left && x < left + house_w && y >= top && y < ground {
            if (x - left) % 200 > 60 && (x - left) % 200 < 140 && y > top + 80 && y < ground - 120 {
                [40, 50, 70]
            } else {
                wall
            }
        } else if y >= ground {
            [95, 115, 60]
        } else {
            [150 - (y / 20) as u8, 180 - (y / 25) as u8, 230]
        };
        Rgb(base.map(|c| (c as i32 + grain as i32 - 20).clamp(0, 255) as u8))
    })
}

fn save_jpeg(image: &RgbImage, quality: u8, path: &Path) -> PathBuf {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, quality)
        .encode_image(image)
        .unwrap();
    std::fs::write(path, bytes).unwrap();
    path.to_path_buf()
}

fn request() -> CaptureRequest {
    CaptureRequest {
        kind: PhotoKind::House,
        taken_by: "GM0412".into(),
        captured_at: Some("2026-11-22T10:32:05+08:00".into()),
        location: Some(GeoPoint {
            latitude: 34.6197,
            longitude: 112.454,
            accuracy_m: Some(8.0),
        }),
        delete_source: true,
        override_reason: None,
    }
}

fn village(dir: &Path) -> Store {
    let (mut store, _) = new_store(&dir.join("store"));
    store.import_households(&households(3)).unwrap();
    store
}

fn id(n: usize) -> HouseholdId {
    households(3)[n].id.clone()
}

#[test]
fn a_photo_is_stored_encrypted_and_the_camera_file_deleted() {
    let work = tempfile::tempdir().unwrap();
    let mut store = village(work.path());
    let shot = save_jpeg(&house(1), 92, &work.path().join("IMG_0001.jpg"));

    let captured = store.capture_photo(&id(0), &shot, &request()).unwrap();
    assert!(!shot.exists(), "the camera's file is deleted once stored");
    assert_eq!((captured.width, captured.height), (1600, 1200));
    assert!(captured.flags.is_empty(), "{:?}", captured.flags);
    assert!(captured.near_duplicates.is_empty());

    let mut stored = Vec::new();
    store
        .open_photo(&captured.photo)
        .unwrap()
        .read_to_end(&mut stored)
        .unwrap();
    assert_eq!(hex::encode(sha2::Sha256::digest(&stored)), captured.sha256);
    assert!(stored.starts_with(&[0xFF, 0xD8, 0xFF]));
    // No plaintext of it anywhere under the store: a slice from its middle is not found.
    let probe = &stored[stored.len() / 2..stored.len() / 2 + 64];
    for (path, bytes) in snapshot(&store.dir().to_path_buf()) {
        assert!(
            !bytes.windows(probe.len()).any(|w| w == probe),
            "plaintext photo bytes in {path}"
        );
    }
}

#[test]
fn a_flagged_photo_needs_a_retake_or_a_reason() {
    let work = tempfile::tempdir().unwrap();
    let mut store = village(work.path());
    // A photo of nothing in particular, in the dark: no detail, too dark.
    let dark = RgbImage::from_pixel(2000, 1500, Rgb([12, 12, 14]));
    let shot = save_jpeg(&dark, 92, &work.path().join("IMG_0002.jpg"));

    let refused = store.capture_photo(&id(0), &shot, &request()).unwrap_err();
    let CaptureError::Retake { flags } = &refused else {
        panic!("{refused}")
    };
    assert!(flags.contains(&"too_dark".to_string()), "{flags:?}");
    assert!(refused.to_string().contains("take it again"), "{refused}");
    assert!(shot.exists(), "nothing stored, the camera file kept");
    assert_eq!(store.household(&id(0)).unwrap().photos.len(), 0);

    let mut with_reason = request();
    with_reason.override_reason = Some("house has no power; photo taken at dusk".into());
    let kept = store.capture_photo(&id(0), &shot, &with_reason).unwrap();
    assert!(kept.flags.contains(&"too_dark".to_string()));
    let record = store.household(&id(0)).unwrap();
    assert_eq!(
        record.photos[0].meta.override_reason.as_deref(),
        Some("house has no power; photo taken at dusk")
    );
}

#[test]
fn a_reused_house_photo_is_flagged_and_a_different_house_is_not() {
    let work = tempfile::tempdir().unwrap();
    let mut store = village(work.path());
    let original = house(2);
    let first = save_jpeg(&original, 92, &work.path().join("a.jpg"));
    store.capture_photo(&id(0), &first, &request()).unwrap();

    // The same house, re-encoded and slightly cropped, offered for another household.
    let cropped = image::imageops::crop_imm(&original, 40, 30, 1920, 1440).to_image();
    let copy = save_jpeg(&cropped, 60, &work.path().join("b.jpg"));
    let flagged = store.capture_photo(&id(1), &copy, &request()).unwrap();
    assert_eq!(flagged.near_duplicates.len(), 1);
    assert!(!flagged.near_duplicates[0].same_household);
    assert!(
        flagged
            .flags
            .contains(&"near_duplicate_other_household".to_string())
    );

    // A different house is not flagged.
    let other = save_jpeg(&house(7), 92, &work.path().join("c.jpg"));
    let clean = store.capture_photo(&id(2), &other, &request()).unwrap();
    assert!(
        clean.near_duplicates.is_empty(),
        "{:?}",
        clean.near_duplicates
    );
}

#[test]
fn documents_alike_across_households_are_not_flagged_but_a_retaken_one_is() {
    let work = tempfile::tempdir().unwrap();
    let mut store = village(work.path());
    let card = |kind| CaptureRequest {
        kind,
        delete_source: false,
        ..request()
    };
    // Two households' ID cards share one printed layout: the same picture stands for both.
    let layout = save_jpeg(&house(3), 92, &work.path().join("id.jpg"));
    store
        .capture_photo(&id(0), &layout, &card(PhotoKind::IdFront))
        .unwrap();
    let other = store
        .capture_photo(&id(1), &layout, &card(PhotoKind::IdFront))
        .unwrap();
    assert!(
        other.near_duplicates.is_empty(),
        "{:?}",
        other.near_duplicates
    );

    // The same household photographing its card twice is told so.
    let again = store
        .capture_photo(&id(1), &layout, &card(PhotoKind::IdFront))
        .unwrap();
    assert_eq!(again.near_duplicates.len(), 1);
    assert!(again.near_duplicates[0].same_household);

    // A house is compared with houses only: the card's picture as a house is not a duplicate.
    let as_house = store.capture_photo(&id(2), &layout, &request()).unwrap();
    assert!(
        as_house.near_duplicates.is_empty(),
        "{:?}",
        as_house.near_duplicates
    );
}

#[test]
fn a_damaged_file_stores_nothing_and_keeps_the_camera_file() {
    let work = tempfile::tempdir().unwrap();
    let mut store = village(work.path());
    let good = save_jpeg(&house(3), 92, &work.path().join("good.jpg"));
    let bytes = std::fs::read(&good).unwrap();
    let truncated = work.path().join("truncated.jpg");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let heic = work.path().join("IMG.heic");
    std::fs::write(&heic, b"\0\0\0\x18ftypheic\0\0\0\0mif1heic").unwrap();

    for (file, expected) in [(&truncated, "damaged"), (&heic, "heic")] {
        let e = store.capture_photo(&id(0), file, &request()).unwrap_err();
        match &e {
            CaptureError::Photo(p) => assert_eq!(p.code(), expected, "{e}"),
            other => panic!("{other}"),
        }
        assert!(file.exists());
    }
    let missing = store
        .capture_photo(&id(0), &work.path().join("gone.jpg"), &request())
        .unwrap_err();
    assert!(matches!(
        missing,
        CaptureError::Photo(PhotoError::Unreadable(_))
    ));
    assert_eq!(store.household(&id(0)).unwrap().photos.len(), 0);
    assert_eq!(std::fs::read_dir(store.files_dir()).unwrap().count(), 0);
}
