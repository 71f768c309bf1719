//! The demo's camera: photo-like pictures made on the spot (the sample village has no real
//! photographs to ship). Each household's house differs in size, colour and place, and every
//! picture carries fine texture, so the quality gate and the near-duplicate check see what
//! they would see in real photos.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ImageEncoder, Rgb, RgbImage};
use std::path::Path;

/// Deterministic per-pixel noise in -12..=12: the grain of a real sensor.
fn grain(x: u32, y: u32, seed: u32) -> i32 {
    let mut h =
        x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77) ^ seed.wrapping_mul(0xC2B2_AE3D);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    (h % 25) as i32 - 12
}

fn shade(base: [u8; 3], x: u32, y: u32, seed: u32) -> Rgb<u8> {
    // Sensor grain plus coarser texture (brick, leaves, gravel) that survives the 320 px
    // thumbnail the blur check looks at, as a sharp photo's detail does.
    let g = grain(x, y, seed) + grain(x / 6, y / 6, seed ^ 0x5BD1);
    Rgb(base.map(|c| (c as i32 + g).clamp(0, 255) as u8))
}

/// A house in its yard, as a grid manager photographs it: 2400×1800, a camera's JPEG.
pub fn house_photo(n: u32, path: &Path) -> Result<(), String> {
    let (w, h) = (2400u32, 1800u32);
    let house_w = 900 + (n * 137) % 500;
    let house_h = 500 + (n * 89) % 300;
    let left = 200 + (n * 311) % (w - house_w - 400);
    let ground = 1100 + (n * 53) % 300;
    let wall = [
        [200, 180, 150],
        [170, 60, 50],
        [220, 220, 210],
        [120, 130, 150],
    ][n as usize % 4];
    let roof = [[90, 40, 30], [60, 60, 70], [150, 70, 40], [40, 80, 60]][(n as usize / 2) % 4];
    let image = RgbImage::from_fn(w, h, |x, y| {
        let in_house = x >= left && x < left + house_w && y + house_h >= ground && y < ground;
        let roof_top = ground - house_h - house_w / 4;
        let centre = left + house_w / 2;
        let in_roof = y >= roof_top
            && y < ground - house_h
            && x.abs_diff(centre) * (house_w / 4) <= (y - roof_top) * (house_w / 2);
        let in_window = in_house
            && (x - left) % 220 > 60
            && (x - left) % 220 < 160
            && (ground - y) > house_h / 3
            && (ground - y) < house_h * 3 / 4;
        let base = if in_window {
            [40, 50, 70]
        } else if in_house {
            wall
        } else if in_roof {
            roof
        } else if y >= ground {
            [90 + (y / 40 % 3) as u8 * 10, 110, 60]
        } else {
            [150 - (y / 20) as u8, 180 - (y / 25) as u8, 230]
        };
        shade(base, x, y, n)
    });
    save_jpeg(&image, path)
}

/// The front of an ID card on a table: 2400×1800.
pub fn id_card_photo(n: u32, path: &Path) -> Result<(), String> {
    let (w, h) = (2400u32, 1800u32);
    let image = RgbImage::from_fn(w, h, |x, y| {
        let on_card = (300..2100).contains(&x) && (350..1450).contains(&y);
        let text_line = on_card
            && (900..1900).contains(&x)
            && (y - 350) % 150 < 40
            && ((x / 23 + y / 7 + n) % 5) != 0;
        let portrait = on_card && (400..800).contains(&x) && (500..1050).contains(&y);
        let base = if text_line {
            [30, 30, 40]
        } else if portrait {
            [120 + (n * 13 % 60) as u8, 100, 90]
        } else if on_card {
            [215, 225, 235]
        } else {
            [120, 85, 60]
        };
        shade(base, x, y, n + 1000)
    });
    save_jpeg(&image, path)
}

/// A resident's signature, drawn on the tablet: a PNG of dark strokes on white.
pub fn signature_png(n: u32) -> Vec<u8> {
    let (w, h) = (600u32, 200u32);
    let image = RgbImage::from_fn(w, h, |x, y| {
        let curve = 100.0 + 50.0 * ((x as f32 / (30.0 + n as f32 * 3.0)).sin());
        if (y as f32 - curve).abs() < 3.0 && (60..540).contains(&x) {
            Rgb([20, 20, 60])
        } else {
            Rgb([255, 255, 255])
        }
    });
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(image.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .expect("encoding a PNG in memory cannot fail");
    png
}

fn save_jpeg(image: &RgbImage, path: &Path) -> Result<(), String> {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, 92)
        .encode_image(image)
        .map_err(|e| format!("could not make the demo photo: {e}"))?;
    std::fs::write(path, bytes).map_err(|e| format!("could not write {}: {e}", path.display()))
}
