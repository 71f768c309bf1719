//! The quality flags fire on made-to-fail photos and stay quiet on good ones.

use super::fixtures::*;
use crate::photo::{PhotoSettings, normalize};
use image::RgbImage;

/// A box blur of the given radius (running sums, edges clamped), horizontal then vertical,
/// applied twice: an out-of-focus or shaken photo.
fn box_blur(img: &RgbImage, radius: u32) -> RgbImage {
    let (w, h) = img.dimensions();
    let mut buf: Vec<[f32; 3]> = img.pixels().map(|p| p.0.map(f32::from)).collect();
    let r = radius as i64;
    let blur_line = |line: &mut Vec<[f32; 3]>| {
        let n = line.len() as i64;
        let at = |i: i64| line[i.clamp(0, n - 1) as usize];
        let mut sum = [0f32; 3];
        for d in -r..=r {
            let p = at(d);
            for c in 0..3 {
                sum[c] += p[c];
            }
        }
        let mut out = Vec::with_capacity(line.len());
        for i in 0..n {
            out.push(sum.map(|s| s / (2 * r + 1) as f32));
            let (add, sub) = (at(i + r + 1), at(i - r));
            for c in 0..3 {
                sum[c] += add[c] - sub[c];
            }
        }
        *line = out;
    };
    for _ in 0..2 {
        for y in 0..h as usize {
            let mut line = buf[y * w as usize..(y + 1) * w as usize].to_vec();
            blur_line(&mut line);
            buf[y * w as usize..(y + 1) * w as usize].copy_from_slice(&line);
        }
        for x in 0..w as usize {
            let mut line: Vec<[f32; 3]> =
                (0..h as usize).map(|y| buf[y * w as usize + x]).collect();
            blur_line(&mut line);
            for (y, p) in line.into_iter().enumerate() {
                buf[y * w as usize + x] = p;
            }
        }
    }
    RgbImage::from_fn(w, h, |x, y| {
        image::Rgb(buf[(y * w + x) as usize].map(|v| v.round() as u8))
    })
}

fn flags(img: &RgbImage) -> (Vec<String>, crate::photo::QualityReport) {
    let photo = normalize(&jpeg(img, 92), &PhotoSettings::default()).unwrap();
    (photo.quality.flags.clone(), photo.quality)
}

#[test]
fn good_photos_raise_no_flag() {
    for seed in 10..14 {
        let (flags, report) = flags(&photo_like(1600, 1200, seed));
        assert!(flags.is_empty(), "seed {seed}: {report:?}");
    }
}

#[test]
fn a_heavily_blurred_photo_is_blurry() {
    let (flags, report) = flags(&box_blur(&photo_like(1600, 1200, 20), 8));
    assert!(flags.contains(&"blurry".to_string()), "{report:?}");
    assert!(!flags.contains(&"too_dark".to_string()), "{report:?}");
}

#[test]
fn a_near_black_photo_is_too_dark() {
    let mut dark = photo_like(1600, 1200, 21);
    for p in dark.pixels_mut() {
        p.0 = p.0.map(|c| c / 10);
    }
    let (flags, report) = flags(&dark);
    assert!(flags.contains(&"too_dark".to_string()), "{report:?}");
    assert!(!flags.contains(&"overexposed".to_string()), "{report:?}");
}

#[test]
fn a_burnt_out_photo_is_overexposed() {
    let mut bright = photo_like(1600, 1200, 22);
    for p in bright.pixels_mut() {
        p.0 = p.0.map(|c| c.saturating_add(160));
    }
    let (flags, report) = flags(&bright);
    assert!(flags.contains(&"overexposed".to_string()), "{report:?}");
    assert!(!flags.contains(&"too_dark".to_string()), "{report:?}");
}
