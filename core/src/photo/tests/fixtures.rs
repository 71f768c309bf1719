//! Test images made here: photo-like synthetic scenes (gradients, shapes, texture, noise),
//! encoded by libjpeg-turbo and `image`, EXIF written by hand, and Debian's wallpaper
//! photographs when the package is installed.

use image::{Rgb as Px, RgbImage};
use std::path::PathBuf;

/// splitmix64: the same numbers on every platform and crate version.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u32) -> u32 {
        (self.next() % n.max(1) as u64) as u32
    }
    pub fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// A scene with the statistics of a photo: a lit gradient, a dozen objects with edges,
/// fine texture and sensor noise. Different seeds give different scenes.
pub fn photo_like(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut rng = Rng::new(seed);
    let c0 = [
        rng.below(200) as f32 + 30.0,
        rng.below(200) as f32 + 30.0,
        rng.below(200) as f32 + 30.0,
    ];
    let c1 = [
        rng.below(200) as f32 + 30.0,
        rng.below(200) as f32 + 30.0,
        rng.below(200) as f32 + 30.0,
    ];
    let angle = rng.unit() * std::f32::consts::TAU;
    let (dx, dy) = (angle.cos(), angle.sin());
    let diag = ((width * width + height * height) as f32).sqrt();
    let mut img = RgbImage::from_fn(width, height, |x, y| {
        let t = ((x as f32 * dx + y as f32 * dy) / diag + 1.0) / 2.0;
        Px(std::array::from_fn(|i| {
            (c0[i] * (1.0 - t) + c1[i] * t) as u8
        }))
    });
    let scale = width.max(height) as f32 / 1000.0;
    for _ in 0..14 {
        let colour = Px([
            rng.below(256) as u8,
            rng.below(256) as u8,
            rng.below(256) as u8,
        ]);
        let cx = rng.below(width) as f32;
        let cy = rng.below(height) as f32;
        let r = (40.0 + rng.below(200) as f32) * scale;
        let kind = rng.below(3);
        let stripe = (3.0 + rng.below(6) as f32) * scale.max(0.25);
        let (x0, x1) = ((cx - r).max(0.0) as u32, ((cx + r) as u32).min(width));
        let (y0, y1) = ((cy - r).max(0.0) as u32, ((cy + r) as u32).min(height));
        for y in y0..y1 {
            for x in x0..x1 {
                let (fx, fy) = (x as f32 - cx, y as f32 - cy);
                let inside = match kind {
                    0 => fx * fx + fy * fy < r * r,
                    1 => fx.abs() < r && fy.abs() < r * 0.6,
                    _ => (fx + fy).abs() < r * 0.3,
                };
                if inside {
                    // Striped texture inside objects: the detail a sharp photo has.
                    let shade = if ((x as f32 + y as f32 * 0.5) / stripe) as u32 % 2 == 0 {
                        1.0
                    } else {
                        0.7
                    };
                    let p = img.get_pixel_mut(x, y);
                    *p = Px(std::array::from_fn(|i| (colour[i] as f32 * shade) as u8));
                }
            }
        }
    }
    for p in img.pixels_mut() {
        let n = rng.next();
        for (i, c) in p.0.iter_mut().enumerate() {
            let noise = ((n >> (i * 8)) & 0x0F) as i32 - 8;
            *c = (*c as i32 + noise).clamp(0, 255) as u8;
        }
    }
    img
}

pub fn jpeg(img: &RgbImage, quality: i32) -> Vec<u8> {
    turbojpeg::compress_image(img, quality, turbojpeg::Subsamp::Sub2x2)
        .unwrap()
        .to_vec()
}

pub fn progressive_jpeg(img: &RgbImage, quality: i32) -> Vec<u8> {
    let mut c = turbojpeg::Compressor::new().unwrap();
    c.set_quality(quality).unwrap();
    c.set_progressive(true).unwrap();
    c.compress_to_vec(turbojpeg::Image {
        pixels: img.as_raw().as_slice(),
        width: img.width() as usize,
        pitch: img.width() as usize * 3,
        height: img.height() as usize,
        format: turbojpeg::PixelFormat::RGB,
    })
    .unwrap()
}

pub fn png(img: &image::DynamicImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub fn decode(jpeg: &[u8]) -> RgbImage {
    image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
        .unwrap()
        .to_rgb8()
}

/// An APP1 "Exif" segment holding IFD0 with the orientation tag, a make and a model
/// (big-endian TIFF), inserted right after SOI as cameras do.
pub fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let make = b"CunxinCam\0";
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\0\x2A\0\0\0\x08");
    let entries: u16 = 2;
    let data_offset = 8 + 2 + entries as u32 * 12 + 4;
    tiff.extend_from_slice(&entries.to_be_bytes());
    // 0x010F Make, ASCII, stored after the IFD.
    tiff.extend_from_slice(&0x010Fu16.to_be_bytes());
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&(make.len() as u32).to_be_bytes());
    tiff.extend_from_slice(&data_offset.to_be_bytes());
    // 0x0112 Orientation, SHORT, inline.
    tiff.extend_from_slice(&0x0112u16.to_be_bytes());
    tiff.extend_from_slice(&3u16.to_be_bytes());
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    tiff.extend_from_slice(make);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The markers of a JPEG up to its first scan: (marker, segment payload).
pub fn segments(jpeg: &[u8]) -> Vec<(u8, &[u8])> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "not a JPEG");
    let mut out = Vec::new();
    let mut i = 2;
    while i + 4 <= jpeg.len() && jpeg[i] == 0xFF {
        let marker = jpeg[i + 1];
        let len = u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]) as usize;
        out.push((marker, &jpeg[i + 4..i + 2 + len]));
        if marker == 0xDA {
            break;
        }
        i += 2 + len;
    }
    out
}

/// Whether a JPEG carries EXIF anywhere: an APP1 segment, or the "Exif\0\0" signature.
pub fn has_exif(jpeg: &[u8]) -> bool {
    segments(jpeg).iter().any(|(m, _)| *m == 0xE1) || jpeg.windows(6).any(|w| w == b"Exif\0\0")
}

/// Rewrites the SOF's height and width (the header a decompression bomb lies in).
pub fn with_sof_size(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let mut i = 2;
    loop {
        let marker = out[i + 1];
        let len = u16::from_be_bytes([out[i + 2], out[i + 3]]) as usize;
        if (0xC0..=0xC2).contains(&marker) {
            out[i + 5..i + 7].copy_from_slice(&height.to_be_bytes());
            out[i + 7..i + 9].copy_from_slice(&width.to_be_bytes());
            return out;
        }
        i += 2 + len;
    }
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

/// Rewrites a PNG's IHDR size, with a valid CRC, so only the size is a lie.
pub fn with_ihdr_size(png: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = png.to_vec();
    assert_eq!(&out[12..16], b"IHDR");
    out[16..20].copy_from_slice(&width.to_be_bytes());
    out[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&out[12..29]);
    out[29..33].copy_from_slice(&crc.to_be_bytes());
    out
}

/// Mean colour of a square of side `size` at (x, y).
pub fn mean(img: &RgbImage, x: u32, y: u32, size: u32) -> [f32; 3] {
    let mut sum = [0f32; 3];
    for yy in y..y + size {
        for xx in x..x + size {
            let p = img.get_pixel(xx, yy);
            for i in 0..3 {
                sum[i] += p[i] as f32;
            }
        }
    }
    sum.map(|s| s / (size * size) as f32)
}

/// Debian's plasma-workspace-wallpapers photographs (largest JPEG of each), when installed.
pub fn real_photos() -> Vec<PathBuf> {
    const PHOTOS: [&str; 8] = [
        "BytheWater",
        "ColdRipple",
        "ColorfulCups",
        "EveningGlow",
        "Grey",
        "Kite",
        "OneStandsOut",
        "Path",
    ];
    PHOTOS
        .iter()
        .filter_map(|name| {
            let dir = PathBuf::from(format!("/usr/share/wallpapers/{name}/contents/images"));
            // The largest size by name (WxH.jpg); the package repeats the same photograph.
            let mut jpegs: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter_map(|p| {
                    let stem = p.file_stem()?.to_str()?.to_string();
                    let (w, h) = stem.split_once('x')?;
                    let area = w.parse::<u64>().ok()? * h.parse::<u64>().ok()?;
                    (p.extension()? == "jpg").then_some((area, p))
                })
                .collect();
            jpegs.sort();
            jpegs.pop().map(|(_, p)| p)
        })
        .collect()
}
