//! The demo's camera: photo-like pictures drawn on the spot (the sample village has no real
//! photographs, and no real person's document may ever be used). Each household's house is
//! its own scene — sky, horizon, ground, one to three buildings, trees, a courtyard wall —
//! so the near-duplicate check sees different photos, as it would in a real village; only
//! a photo reused on purpose matches. The ID card is a fake layout stamped 样本 SAMPLE.

use crate::cmd::report::fonts::Fonts;
use ab_glyph::{Font, PxScale, ScaleFont};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ImageEncoder, Rgb, RgbImage};
use std::path::Path;

/// The camera's resolution (above the quality gate's minimum of 1280×720).
const W: u32 = 1600;
const H: u32 = 1200;

/// Deterministic choices from a seed (SplitMix64).
struct Dice(u64);

impl Dice {
    fn new(seed: u32, salt: u64) -> Dice {
        Dice(u64::from(seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [lo, hi).
    fn f(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (self.next() % 10_000) as f32 / 10_000.0 * (hi - lo)
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Deterministic per-pixel noise in -12..=12: the grain of a real sensor.
fn grain(x: u32, y: u32, seed: u32) -> i32 {
    let mut h =
        x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77) ^ seed.wrapping_mul(0xC2B2_AE3D);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    (h % 25) as i32 - 12
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [0, 1, 2].map(|i| a[i] + (b[i] - a[i]) * t)
}

struct Building {
    left: f32,
    right: f32,
    top: f32,
    base: f32,
    wall: [f32; 3],
    roof: [f32; 3],
    pitched: bool,
    window_every: f32,
}

struct Tree {
    x: f32,
    y: f32,
    r: f32,
    leaves: [f32; 3],
}

/// A house in its yard, as a grid manager photographs it; `blurred` for the shaky shot.
pub fn house_photo(seed: u32, blurred: bool, path: &Path) -> Result<(), String> {
    let mut d = Dice::new(seed, 0x486F_7573);
    let (w, h) = (W as f32, H as f32);
    let sky_top = d.pick(&[
        [70.0, 120.0, 200.0],
        [175.0, 180.0, 190.0],
        [200.0, 120.0, 90.0],
        [230.0, 232.0, 235.0],
        [30.0, 60.0, 120.0],
    ]);
    let sky_low = mix(sky_top, [245.0, 240.0, 230.0], d.f(0.2, 0.8));
    let horizon = h * d.f(0.28, 0.72);
    let tilt = h * d.f(-0.15, 0.15);
    let ground = d.pick(&[
        [80.0, 120.0, 50.0],
        [130.0, 100.0, 70.0],
        [150.0, 150.0, 145.0],
        [200.0, 170.0, 90.0],
        [60.0, 70.0, 55.0],
    ]);
    let walls = [
        [235.0, 235.0, 230.0],
        [165.0, 70.0, 55.0],
        [120.0, 125.0, 130.0],
        [205.0, 175.0, 120.0],
        [90.0, 120.0, 160.0],
        [40.0, 40.0, 45.0],
    ];
    let roofs = [
        [90.0, 40.0, 30.0],
        [50.0, 55.0, 65.0],
        [160.0, 80.0, 40.0],
        [40.0, 90.0, 70.0],
        [200.0, 200.0, 205.0],
    ];
    let count = d.pick(&[1, 1, 2, 2, 3]);
    let mut buildings = Vec::new();
    for _ in 0..count {
        let bw = w * d.f(0.18, 0.6);
        let left = w * d.f(-0.1, 0.85);
        let base = horizon + h * d.f(0.0, 0.2);
        buildings.push(Building {
            left,
            right: left + bw,
            top: base - h * d.f(0.12, 0.5),
            base,
            wall: d.pick(&walls),
            roof: d.pick(&roofs),
            pitched: d.next() % 2 == 0,
            window_every: d.f(90.0, 260.0),
        });
    }
    let trees: Vec<Tree> = (0..d.pick(&[0, 1, 2, 3, 4]))
        .map(|_| Tree {
            x: w * d.f(0.0, 1.0),
            y: horizon - h * d.f(-0.05, 0.25),
            r: w * d.f(0.05, 0.2),
            leaves: d.pick(&[
                [40.0, 80.0, 35.0],
                [70.0, 110.0, 40.0],
                [25.0, 50.0, 30.0],
                [150.0, 120.0, 40.0],
            ]),
        })
        .collect();
    let wall_band =
        (d.next() % 3 == 0).then(|| (h * d.f(0.75, 0.92), w * d.f(0.0, 0.5), d.pick(&walls)));
    let light_left = d.f(0.7, 1.3);
    let light_right = d.f(0.7, 1.3);

    let paint = |x: u32, y: u32| -> [f32; 3] {
        let (fx, fy) = (x as f32, y as f32);
        let line = horizon + tilt * (fx / w - 0.5);
        let mut c = if fy < line {
            mix(sky_top, sky_low, fy / line.max(1.0))
        } else {
            let far = ((fy - line) / (h - line).max(1.0)).clamp(0.0, 1.0);
            mix(
                ground,
                [ground[0] * 0.6, ground[1] * 0.6, ground[2] * 0.6],
                far,
            )
        };
        for t in &trees {
            let (dx, dy) = (fx - t.x, fy - t.y);
            if dx * dx + dy * dy < t.r * t.r {
                c = t.leaves;
            } else if dx.abs() < t.r * 0.08 && fy > t.y && fy < t.y + t.r * 1.6 {
                c = [70.0, 50.0, 35.0];
            }
        }
        for b in &buildings {
            let roof_h = (b.right - b.left) * 0.22;
            if fx >= b.left && fx < b.right && fy >= b.top && fy < b.base {
                let (u, v) = (fx - b.left, fy - b.top);
                let window = u % b.window_every > b.window_every * 0.35
                    && u % b.window_every < b.window_every * 0.7
                    && v > (b.base - b.top) * 0.2
                    && v < (b.base - b.top) * 0.55;
                c = if window { [35.0, 45.0, 60.0] } else { b.wall };
            } else if b.pitched && fy >= b.top - roof_h && fy < b.top {
                let centre = (b.left + b.right) / 2.0;
                let half = (b.right - b.left) / 2.0 * (fy - (b.top - roof_h)) / roof_h;
                if (fx - centre).abs() <= half + 10.0 {
                    c = b.roof;
                }
            } else if !b.pitched
                && fy >= b.top - 18.0
                && fy < b.top
                && fx >= b.left - 8.0
                && fx < b.right + 8.0
            {
                c = b.roof;
            }
        }
        if let Some((top, left, colour)) = wall_band
            && fy >= top
            && fx >= left
        {
            c = colour;
        }
        let light = light_left + (light_right - light_left) * fx / w;
        c.map(|v| v * light)
    };
    let mut image = RgbImage::from_fn(W, H, |x, y| {
        let c = paint(x, y);
        // Sensor grain plus coarser texture (brick, leaves, gravel) that survives the 320 px
        // thumbnail the blur check looks at, as a sharp photo's detail does.
        let g = if blurred {
            0
        } else {
            grain(x, y, seed) + grain(x / 5, y / 5, seed ^ 0x5BD1)
        };
        Rgb(c.map(|v| (v as i32 + g).clamp(0, 255) as u8))
    });
    if blurred {
        // The camera moved: everything smeared, only the sensor's fine grain left.
        let small = image::imageops::resize(
            &image,
            W / 16,
            H / 16,
            image::imageops::FilterType::Triangle,
        );
        image = image::imageops::resize(&small, W, H, image::imageops::FilterType::Triangle);
        for (x, y, p) in image.enumerate_pixels_mut() {
            let g = grain(x, y, seed) / 3;
            p.0 = p.0.map(|v| (v as i32 + g).clamp(0, 255) as u8);
        }
    }
    save_jpeg(&image, path)
}

/// Lettering onto a picture: each run in the font that has its characters.
fn letter(
    image: &mut RgbImage,
    fonts: &Fonts,
    x: f32,
    baseline: f32,
    size: f32,
    text: &str,
    colour: [u8; 3],
) {
    let mut at = x;
    for (cjk, run) in fonts.runs(text) {
        let font = fonts.glyphs(cjk);
        let scale =
            PxScale::from(size * font.height_unscaled() / font.units_per_em().unwrap_or(1000.0));
        let scaled = font.as_scaled(scale);
        for c in run.chars() {
            let glyph = scaled.scaled_glyph(c);
            let advance = scaled.h_advance(glyph.id);
            let glyph = ab_glyph::Glyph {
                position: ab_glyph::point(at, baseline),
                ..glyph
            };
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    let (px, py) = (
                        bounds.min.x as i64 + gx as i64,
                        bounds.min.y as i64 + gy as i64,
                    );
                    if px >= 0
                        && py >= 0
                        && (px as u32) < image.width()
                        && (py as u32) < image.height()
                    {
                        let p = image.get_pixel_mut(px as u32, py as u32);
                        for i in 0..3 {
                            p.0[i] = (p.0[i] as f32 * (1.0 - coverage)
                                + colour[i] as f32 * coverage)
                                as u8;
                        }
                    }
                });
            }
            at += advance;
        }
    }
}

/// The front of a sample ID card on a table, stamped 样本 SAMPLE: no real document, no real
/// person. Where the card lies, how large, and on what, differ from shot to shot.
pub fn id_card_photo(seed: u32, fonts: &Fonts, path: &Path) -> Result<(), String> {
    let mut d = Dice::new(seed, 0x4964_4361);
    let (w, h) = (W as f32, H as f32);
    let card_w = w * d.f(0.45, 0.85);
    let card_h = card_w * 54.0 / 85.6;
    let left = d.f(0.0, w - card_w);
    let top = d.f(0.0, (h - card_h).max(1.0));
    let table = d.pick(&[
        [120.0, 85.0, 60.0],
        [60.0, 40.0, 30.0],
        [200.0, 200.0, 195.0],
        [40.0, 70.0, 110.0],
        [150.0, 40.0, 40.0],
        [30.0, 30.0, 30.0],
    ]);
    let table_far = mix(
        table,
        [table[0] * 0.5, table[1] * 0.5, table[2] * 0.5],
        d.f(0.0, 1.0),
    );
    let vertical = d.next() % 2 == 0;
    let s = card_w / 856.0;
    let mut image = RgbImage::from_fn(W, H, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let (u, v) = ((fx - left) / s, (fy - top) / s);
        let c = if (0.0..856.0).contains(&u) && (0.0..540.0).contains(&v) {
            let portrait = (560.0..800.0).contains(&u) && (90.0..400.0).contains(&v);
            let head = ((u - 680.0) / 70.0).powi(2) + ((v - 200.0) / 90.0).powi(2) < 1.0;
            let shoulders =
                v > 290.0 && ((u - 680.0) / 120.0).powi(2) + ((v - 400.0) / 110.0).powi(2) < 1.0;
            if portrait && (head || shoulders) {
                [95.0, 105.0, 120.0]
            } else if portrait {
                [235.0, 238.0, 242.0]
            } else {
                mix([228.0, 236.0, 240.0], [205.0, 220.0, 232.0], v / 540.0)
            }
        } else {
            let t = if vertical { fy / h } else { fx / w };
            mix(table, table_far, t)
        };
        let g = grain(x, y, seed) + grain(x / 5, y / 5, seed ^ 0x1D);
        Rgb(c.map(|v| (v as i32 + g).clamp(0, 255) as u8))
    });
    let label = [70, 95, 130];
    let rows = [
        ("姓名", 90.0),
        ("性别", 150.0),
        ("出生", 210.0),
        ("住址", 270.0),
    ];
    for (word, v) in rows {
        letter(
            &mut image,
            fonts,
            left + 50.0 * s,
            top + v * s,
            26.0 * s,
            word,
            label,
        );
        letter(
            &mut image,
            fonts,
            left + 150.0 * s,
            top + v * s,
            26.0 * s,
            "样本 SAMPLE",
            [40, 40, 40],
        );
    }
    letter(
        &mut image,
        fonts,
        left + 50.0 * s,
        top + 470.0 * s,
        26.0 * s,
        "公民身份号码",
        label,
    );
    letter(
        &mut image,
        fonts,
        left + 250.0 * s,
        top + 470.0 * s,
        30.0 * s,
        "000000 00000000 0000",
        [40, 40, 40],
    );
    letter(
        &mut image,
        fonts,
        left + 140.0 * s,
        top + 380.0 * s,
        110.0 * s,
        "样本 SAMPLE",
        [200, 30, 30],
    );
    save_jpeg(&image, path)
}

/// A resident's signature, drawn on the tablet: a PNG of dark strokes on white.
pub fn signature_png(n: u32) -> Vec<u8> {
    let (w, h) = (600u32, 200u32);
    let image = RgbImage::from_fn(w, h, |x, y| {
        let curve = 100.0 + 50.0 * ((x as f32 / (30.0 + (n % 40) as f32 * 3.0)).sin());
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
