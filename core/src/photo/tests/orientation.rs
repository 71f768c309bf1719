//! All eight EXIF orientations come out upright. The stored (camera) images are made with the
//! `image` crate's rotations and flips, independently of the pipeline's own code.

use super::fixtures::*;
use crate::photo::orient::exif_orientation;
use crate::photo::{PhotoSettings, normalize};
use image::imageops::{flip_horizontal, flip_vertical, rotate90, rotate180, rotate270};
use image::{Rgb, RgbImage};

const RED: [f32; 3] = [230.0, 20.0, 20.0];
const GREEN: [f32; 3] = [20.0, 200.0, 20.0];
const BLUE: [f32; 3] = [20.0, 20.0, 230.0];

/// An upright scene with a red block top left, green top right and blue bottom left
/// (bottom right stays scenery), so every rotation and mirror is told apart.
fn upright(width: u32, height: u32) -> RgbImage {
    let mut img = photo_like(width, height, 42);
    let block = width / 8;
    let paint = |img: &mut RgbImage, x0: u32, y0: u32, c: [f32; 3]| {
        for y in y0..y0 + block {
            for x in x0..x0 + block {
                img.put_pixel(x, y, Rgb(c.map(|v| v as u8)));
            }
        }
    };
    paint(&mut img, 0, 0, RED);
    paint(&mut img, width - block, 0, GREEN);
    paint(&mut img, 0, height - block, BLUE);
    img
}

/// What a camera stores for a scene that must be shown with `orientation`: the inverse of
/// the display transform.
fn stored(scene: &RgbImage, orientation: u16) -> RgbImage {
    match orientation {
        1 => scene.clone(),
        2 => flip_horizontal(scene),
        3 => rotate180(scene),
        4 => flip_vertical(scene),
        5 => flip_horizontal(&rotate90(scene)), // transpose, its own inverse
        6 => rotate270(scene),                  // shown turned 90° clockwise
        7 => flip_horizontal(&rotate270(scene)), // transverse, its own inverse
        8 => rotate90(scene),                   // shown turned 90° counter-clockwise
        _ => unreachable!(),
    }
}

fn close(actual: [f32; 3], expected: [f32; 3]) -> bool {
    actual
        .iter()
        .zip(expected)
        .all(|(a, e)| (a - e).abs() < 40.0)
}

fn assert_upright(out: &RgbImage, label: &str) {
    let (w, h) = out.dimensions();
    let probe = w / 8 / 2;
    let at = |x: u32, y: u32| mean(out, x, y, probe);
    let corner = probe / 4;
    assert!(
        close(at(corner, corner), RED),
        "{label}: top left is {:?}",
        at(corner, corner)
    );
    assert!(
        close(at(w - corner - probe, corner), GREEN),
        "{label}: top right is {:?}",
        at(w - corner - probe, corner)
    );
    assert!(
        close(at(corner, h - corner - probe), BLUE),
        "{label}: bottom left is {:?}",
        at(corner, h - corner - probe)
    );
}

#[test]
fn every_exif_orientation_comes_out_upright() {
    let scene = upright(640, 480);
    for orientation in 1..=8u16 {
        let source = with_exif_orientation(&jpeg(&stored(&scene, orientation), 92), orientation);
        assert_eq!(exif_orientation(&source), orientation);
        let photo = normalize(&source, &PhotoSettings::default()).unwrap();
        assert_eq!(photo.orientation, orientation);
        assert_eq!(
            (photo.width, photo.height),
            (640, 480),
            "orientation {orientation}"
        );
        assert_upright(&decode(&photo.jpeg), &format!("orientation {orientation}"));
        assert_upright(
            &decode(&photo.thumbnail),
            &format!("orientation {orientation} thumbnail"),
        );
        assert!(!has_exif(&photo.jpeg));
    }
}

#[test]
fn portrait_photos_from_a_camera_are_turned_after_scaled_decoding() {
    // A phone held upright stores landscape pixels (here 3200×2400) with orientation 6 or 8.
    let scene = upright(2400, 3200);
    for orientation in [6u16, 8, 3] {
        let source = with_exif_orientation(&jpeg(&stored(&scene, orientation), 92), orientation);
        let photo = normalize(&source, &PhotoSettings::default()).unwrap();
        assert_eq!(
            (photo.width, photo.height),
            (1200, 1600),
            "orientation {orientation}"
        );
        assert_eq!((photo.thumb_width, photo.thumb_height), (240, 320));
        assert_upright(&decode(&photo.jpeg), &format!("orientation {orientation}"));
    }
}

#[test]
fn missing_broken_or_out_of_range_orientation_means_as_stored() {
    let plain = jpeg(&photo_like(64, 48, 1), 90);
    assert_eq!(exif_orientation(&plain), 1);
    assert_eq!(exif_orientation(&with_exif_orientation(&plain, 0)), 1);
    assert_eq!(exif_orientation(&with_exif_orientation(&plain, 9)), 1);
    let mut broken = with_exif_orientation(&plain, 6);
    broken[12..16].copy_from_slice(b"XXXX"); // TIFF header destroyed
    assert_eq!(exif_orientation(&broken), 1);
    assert!(normalize(&broken, &PhotoSettings::default()).is_ok());
}
