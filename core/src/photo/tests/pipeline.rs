//! The happy path: sizes, formats, hashes, no EXIF.

use super::fixtures::*;
use crate::model::PhotoKind;
use crate::photo::decode::scale_denominator;
use crate::photo::resize::fit;
use crate::photo::{PhotoSettings, SourceFormat, normalize};
use sha2::{Digest, Sha256};

#[test]
fn a_camera_sized_jpeg_becomes_1600_px_with_a_320_px_thumbnail_and_no_exif() {
    let source = with_exif_orientation(&jpeg(&photo_like(4000, 3000, 1), 92), 1);
    assert!(has_exif(&source));
    let photo = normalize(&source, &PhotoSettings::default()).unwrap();
    assert_eq!((photo.width, photo.height), (1600, 1200));
    assert_eq!((photo.thumb_width, photo.thumb_height), (320, 240));
    assert_eq!(decode(&photo.jpeg).dimensions(), (1600, 1200));
    assert_eq!(decode(&photo.thumbnail).dimensions(), (320, 240));
    assert_eq!(photo.source_format, SourceFormat::Jpeg);
    assert_eq!(photo.sha256, hex::encode(Sha256::digest(&photo.jpeg)));
    assert_eq!(photo.source_sha256, hex::encode(Sha256::digest(&source)));
    assert!(
        !has_exif(&photo.jpeg),
        "the normalized photo must carry no EXIF"
    );
    assert!(
        !has_exif(&photo.thumbnail),
        "the thumbnail must carry no EXIF"
    );
    assert!(photo.quality.flags.is_empty(), "{:?}", photo.quality);
    // 4:2:0 chroma: the SOF's first component is sampled 2×2, the others 1×1.
    let sof = segments(&photo.jpeg)
        .into_iter()
        .find(|(m, _)| *m == 0xC0)
        .unwrap()
        .1;
    assert_eq!(
        (sof[5], sof[7], sof[8], sof[10], sof[11]),
        (3, 0x22, 0, 0x11, 1)
    );
    // A q80 1600×1200 photo is a few hundred KB, not megabytes.
    assert!(photo.jpeg.len() < 1_000_000, "{} bytes", photo.jpeg.len());
}

#[test]
fn id_card_sides_keep_2000_px() {
    // 4000×3000 decodes at 1/2 to exactly 2000×1500 (the 1600 px case is the test above).
    let source = jpeg(&photo_like(4000, 3000, 2), 90);
    let photo = normalize(&source, &PhotoSettings::for_kind(PhotoKind::IdFront)).unwrap();
    assert_eq!((photo.width, photo.height), (2000, 1500));
    assert_eq!(PhotoSettings::for_kind(PhotoKind::IdBack).long_side, 2000);
    assert_eq!(PhotoSettings::for_kind(PhotoKind::House).long_side, 1600);
}

#[test]
fn small_photos_are_never_upscaled_and_are_flagged() {
    let source = jpeg(&photo_like(800, 600, 3), 90);
    let photo = normalize(&source, &PhotoSettings::default()).unwrap();
    assert_eq!((photo.width, photo.height), (800, 600));
    assert_eq!((photo.thumb_width, photo.thumb_height), (320, 240));
    assert_eq!(photo.quality.flags, ["too_small"]);
    assert_eq!(
        (photo.quality.source_width, photo.quality.source_height),
        (800, 600)
    );
    let tiny = jpeg(&photo_like(200, 150, 3), 90);
    let photo = normalize(&tiny, &PhotoSettings::default()).unwrap();
    assert_eq!(
        (
            photo.width,
            photo.height,
            photo.thumb_width,
            photo.thumb_height
        ),
        (200, 150, 200, 150)
    );
}

#[test]
fn hashes_are_stable_across_runs() {
    let source = jpeg(&photo_like(3200, 2400, 4), 92);
    let a = normalize(&source, &PhotoSettings::default()).unwrap();
    let b = normalize(&source.clone(), &PhotoSettings::default()).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.sha256.len(), 64);
    assert_eq!(a.phash_hex().len(), 16);
    // The generated image itself is deterministic too, so the hash is the same next run.
    assert_eq!(jpeg(&photo_like(3200, 2400, 4), 92), source);
}

#[test]
fn scale_on_decode_picks_the_largest_reduction_that_still_covers_the_target() {
    assert_eq!(scale_denominator(4000, 3000, 1600), 2);
    assert_eq!(scale_denominator(3000, 4000, 1600), 2);
    assert_eq!(scale_denominator(8000, 6000, 1600), 4);
    assert_eq!(scale_denominator(12800, 9600, 1600), 8);
    assert_eq!(scale_denominator(3199, 100, 1600), 2); // ceil(3199 / 2) = 1600
    assert_eq!(scale_denominator(3198, 100, 1600), 1);
    assert_eq!(scale_denominator(1600, 1200, 1600), 1);
    assert_eq!(scale_denominator(4000, 3000, 2000), 2);
    assert_eq!(scale_denominator(4000, 3000, 2001), 1);
    assert_eq!(fit(4000, 3000, 1600), (1600, 1200));
    assert_eq!(fit(3000, 4000, 1600), (1200, 1600));
    assert_eq!(fit(20000, 10, 1600), (1600, 1));
    assert_eq!(fit(1000, 700, 1600), (1000, 700));
}

#[test]
fn progressive_jpeg_and_png_with_alpha_are_normalized() {
    let scene = photo_like(3200, 2400, 5);
    let photo = normalize(&progressive_jpeg(&scene, 90), &PhotoSettings::default()).unwrap();
    assert_eq!((photo.width, photo.height), (1600, 1200));
    let png_photo = normalize(
        &png(&image::DynamicImage::ImageRgb8(photo_like(1600, 1200, 5))),
        &PhotoSettings::default(),
    )
    .unwrap();
    assert_eq!(png_photo.source_format, SourceFormat::Png);
    assert_eq!((png_photo.width, png_photo.height), (1600, 1200));
    // A transparent PNG is shown over white, not over whatever the hidden pixels hold.
    let mut rgba = image::DynamicImage::ImageRgb8(photo_like(1600, 1200, 6)).to_rgba8();
    for p in rgba.pixels_mut() {
        p[3] = 0;
    }
    let photo = normalize(
        &png(&image::DynamicImage::ImageRgba8(rgba)),
        &PhotoSettings::default(),
    )
    .unwrap();
    let out = decode(&photo.jpeg);
    assert!(mean(&out, 100, 100, 50).iter().all(|&c| c > 250.0));
    // Grey 16-bit PNG.
    let grey = image::DynamicImage::ImageRgb8(photo_like(1600, 1200, 7)).to_luma16();
    let photo = normalize(
        &png(&image::DynamicImage::ImageLuma16(grey)),
        &PhotoSettings::default(),
    )
    .unwrap();
    assert_eq!((photo.width, photo.height), (1600, 1200));
}

#[test]
fn real_photographs_are_turned_upright_and_not_flagged() {
    // 1280 px: half of the wallpapers' 2560, so no Lanczos pass in the dev profile.
    let settings = PhotoSettings {
        long_side: 1280,
        ..PhotoSettings::default()
    };
    let photos = real_photos();
    if photos.is_empty() {
        eprintln!("plasma-workspace-wallpapers not installed; real-photo checks skipped");
    }
    for (i, path) in photos.iter().enumerate() {
        let (w, h) = image::image_dimensions(path).unwrap();
        // Every other photo as a phone held upright saves it: EXIF orientation 6.
        let orientation = if i % 2 == 0 { 6 } else { 1 };
        let source = with_exif_orientation(&std::fs::read(path).unwrap(), orientation);
        let photo = normalize(&source, &settings).unwrap();
        let (fw, fh) = fit(w, h, 1280);
        let expected = if orientation == 6 { (fh, fw) } else { (fw, fh) };
        assert_eq!((photo.width, photo.height), expected, "{}", path.display());
        assert!(!has_exif(&photo.jpeg));
        let q = &photo.quality;
        eprintln!("{}: {q:?}", path.display());
        assert!(q.flags.is_empty(), "{}: {q:?}", path.display());
    }
}

/// Fine dark print on light paper: thin lines one to three pixels wide after the downscale.
fn print_like(width: u32, height: u32) -> image::RgbImage {
    image::RgbImage::from_fn(width, height, |x, y| {
        let ink = (y / 3) % 7 == 0 || ((x / 5) % 9 == 0 && (y / 40) % 2 == 0);
        if ink {
            image::Rgb([30, 32, 38])
        } else {
            image::Rgb([240, 236, 226])
        }
    })
}

fn psnr(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    let se: f64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| (*x as f64 - *y as f64).powi(2))
        .sum();
    10.0 * (255.0 * 255.0 * a.as_raw().len() as f64 / se).log10()
}

#[test]
fn documents_are_encoded_at_a_higher_quality_than_scenes() {
    // Already at the target size, so only the encoding differs between the two kinds.
    let print = print_like(1600, 1200);
    let source = jpeg(&print, 98);
    let as_scene = normalize(&source, &PhotoSettings::for_kind(PhotoKind::House)).unwrap();
    let as_document = normalize(
        &source,
        &PhotoSettings::for_kind(PhotoKind::PropertyCertificate),
    )
    .unwrap();
    let original = decode(&source);
    let (scene_db, document_db) = (
        psnr(&decode(&as_scene.jpeg), &original),
        psnr(&decode(&as_document.jpeg), &original),
    );
    assert!(
        document_db > scene_db + 2.0,
        "document {document_db:.2} dB, scene {scene_db:.2} dB"
    );
    assert!(as_document.jpeg.len() > as_scene.jpeg.len());
    for kind in [
        PhotoKind::IdFront,
        PhotoKind::IdBack,
        PhotoKind::LandCertificate,
        PhotoKind::BusinessLicense,
    ] {
        assert_eq!(
            PhotoSettings::for_kind(kind).jpeg_quality,
            PhotoSettings::for_kind(PhotoKind::PropertyCertificate).jpeg_quality
        );
    }
}
