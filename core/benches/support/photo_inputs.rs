//! The photo bench's inputs, made the way a phone camera writes them: 4000×3000 (12 MP) with
//! sensor noise, q92 4:2:0, about 5 MB a file (a smooth upscaled wallpaper is ~1 MB and
//! decodes far faster than what a camera writes). Scenes come from Debian's
//! plasma-workspace-wallpapers photographs; documents (ID card sides, a property
//! certificate, a business licence) are drawn here — card or paper on a table, small dark
//! print, a red seal — then photographed the same way. Some are tagged with EXIF orientation
//! 6 or 8, as a phone held upright writes them.

use ab_glyph::FontRef;
use cunxin_core::store::PhotoKind;
use cunxin_sample::Canvas;
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{PixelType, ResizeOptions, Resizer};
use std::path::{Path, PathBuf};

pub const WIDTH: u32 = 4000;
pub const HEIGHT: u32 = 3000;
/// Luma noise (standard deviation, 8-bit levels) and per-channel chroma noise: what gives a
/// phone's q92 12 MP file its ~5 MB.
const LUMA_NOISE: f32 = 3.2;
const CHROMA_NOISE: f32 = 1.6;

static FONT: &[u8] = include_bytes!("../../src/photo/DejaVuSans-Bold-ascii.ttf");

pub struct Input {
    pub name: String,
    pub kind: PhotoKind,
    pub path: PathBuf,
    pub orientation: u16,
    pub bytes: u64,
}

/// A scene photograph scaled (Lanczos3) to cover 4000×3000, centre-cropped.
fn scene(src: &Path) -> Canvas {
    let img = image::open(src).unwrap().to_rgb8();
    let (sw, sh) = img.dimensions();
    let scale = (WIDTH as f64 / sw as f64).max(HEIGHT as f64 / sh as f64);
    let (cw, ch) = (WIDTH as f64 / scale, HEIGHT as f64 / scale);
    let options = ResizeOptions::new().crop((sw as f64 - cw) / 2.0, (sh as f64 - ch) / 2.0, cw, ch);
    let src_view = ImageRef::new(sw, sh, img.as_raw(), PixelType::U8x3).unwrap();
    let mut dst = Image::new(WIDTH, HEIGHT, PixelType::U8x3);
    Resizer::new()
        .resize(&src_view, &mut dst, &options)
        .unwrap();
    Canvas::from_image(image::RgbImage::from_raw(WIDTH, HEIGHT, dst.into_vec()).unwrap())
}

const INK: [u8; 3] = [28, 30, 36];
const RED: [u8; 3] = [200, 32, 36];

/// An ID card side on a wooden-brown table: 85.6 × 54 mm filling ~70% of the frame.
fn id_card(font: &FontRef, back: bool) -> Canvas {
    let mut c = Canvas::filled(WIDTH, HEIGHT, [96, 72, 52]);
    let (x0, y0) = (600u32, 560u32);
    let (x1, y1) = (3400u32, 2330u32);
    c.rect(x0, y0, x1, y1, [226, 232, 236]);
    // Guilloche-like fine lines: what makes an ID card hard to compress and to read.
    for k in 0..60 {
        let y = y0 as f32 + 20.0 + k as f32 * 29.0;
        for x in (x0 + 10)..(x1 - 10) {
            let wave = y + 9.0 * ((x as f32) / 47.0 + k as f32).sin();
            c.blend(x as i64, wave as i64, [170, 196, 214], 0.6);
        }
    }
    if back {
        c.ring(1000.0, 950.0, 240.0, 26.0, RED);
        c.text(
            font,
            1400.0,
            900.0,
            120.0,
            "PEOPLE'S REPUBLIC OF CHINA",
            INK,
        );
        c.text(font, 1400.0, 1060.0, 100.0, "RESIDENT IDENTITY CARD", INK);
        c.text(
            font,
            900.0,
            1800.0,
            70.0,
            "ISSUING AUTHORITY  LUOYANG PUBLIC SECURITY BUREAU LAOCHENG BRANCH",
            INK,
        );
        c.text(
            font,
            900.0,
            2000.0,
            70.0,
            "VALID PERIOD  2016.03.08-2036.03.08",
            INK,
        );
    } else {
        let lines = [
            ("NAME", "ZHANG JIANGUO"),
            ("SEX", "M      ETHNICITY  HAN"),
            ("BORN", "1970   01   01"),
            ("ADDRESS", "NO. 17 DONGJIE VILLAGE, XIGONG"),
            ("", "LAOCHENG DISTRICT, LUOYANG, HENAN"),
        ];
        for (i, (label, value)) in lines.iter().enumerate() {
            let baseline = 840.0 + i as f32 * 190.0;
            c.text(font, 760.0, baseline, 64.0, label, [90, 110, 140]);
            c.text(font, 1160.0, baseline, 86.0, value, INK);
        }
        c.rect(2650, 760, 3250, 1560, [160, 150, 145]);
        c.text(
            font,
            760.0,
            2130.0,
            64.0,
            "CITIZEN ID NUMBER",
            [90, 110, 140],
        );
        c.text(font, 1500.0, 2140.0, 118.0, "410303197001010011", INK);
    }
    c
}

/// An A4-ish certificate page, many lines of small print, a table grid and a red seal.
fn certificate(font: &FontRef, title: &str) -> Canvas {
    let mut c = Canvas::filled(WIDTH, HEIGHT, [120, 110, 100]);
    let (x0, y0, x1, y1) = (420u32, 120u32, 3580u32, 2880u32);
    c.rect(x0, y0, x1, y1, [244, 240, 228]);
    c.text(font, 1250.0, 330.0, 130.0, title, INK);
    for row in 0..22 {
        let y = 520 + row * 104;
        c.rect(x0 + 120, y, x1 - 120, y + 3, [80, 80, 80]);
        let text = format!(
            "ITEM {:02}  OWNER ZHANG JIANGUO  PARCEL 41030300{:04}  AREA {}.{} SQ M  USE RURAL HOMESTEAD",
            row + 1,
            1000 + row * 37,
            80 + row * 3,
            row % 10
        );
        c.text(font, (x0 + 150) as f32, (y + 78) as f32, 52.0, &text, INK);
    }
    for x in [x0 + 120, x0 + 900, x1 - 120] {
        c.rect(x, 520, x + 3, 520 + 21 * 104, [80, 80, 80]);
    }
    c.ring(2900.0, 2450.0, 260.0, 30.0, RED);
    c.text(font, 2700.0, 2470.0, 60.0, "SEAL 2019", RED);
    c
}

/// xorshift64*: fast, reproducible noise.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let v = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        // Sum of four uniforms: close to normal, unit variance.
        let sum: f32 = (0..4)
            .map(|k| ((v >> (k * 16)) & 0xFFFF) as f32 / 65535.0)
            .sum();
        (sum - 2.0) * (3.0f32).sqrt()
    }
}

fn add_sensor_noise(canvas: &mut Canvas, seed: u64) {
    let mut noise = Noise(seed | 1);
    for px in canvas.image.chunks_exact_mut(3) {
        let luma = noise.next() * LUMA_NOISE;
        for c in px.iter_mut() {
            let v = *c as f32 + luma + noise.next() * CHROMA_NOISE;
            *c = v.round().clamp(0.0, 255.0) as u8;
        }
    }
}

fn jpeg_q92(canvas: &Canvas) -> Vec<u8> {
    turbojpeg::compress(
        turbojpeg::Image {
            pixels: canvas.image.as_raw().as_slice(),
            width: WIDTH as usize,
            pitch: WIDTH as usize * 3,
            height: HEIGHT as usize,
            format: turbojpeg::PixelFormat::RGB,
        },
        92,
        turbojpeg::Subsamp::Sub2x2,
    )
    .unwrap()
    .to_vec()
}

/// Inserts a minimal APP1 EXIF segment (orientation only) after SOI.
fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2A\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Writes the inputs into `dir`: one per scene source (orientations 1, 6, 1, 8, …), then the
/// four documents (the ID back and the licence tagged 6).
pub fn make_inputs(scenes: &[PathBuf], dir: &Path) -> Vec<Input> {
    let font = FontRef::try_from_slice(FONT).unwrap();
    let mut made: Vec<(String, PhotoKind, Canvas, u16)> = Vec::new();
    for (i, src) in scenes.iter().enumerate() {
        let name = src
            .components()
            .nth(4)
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        let orientation = match i % 4 {
            1 => 6,
            3 => 8,
            _ => 1,
        };
        let kind = if i % 3 == 2 {
            PhotoKind::Portrait
        } else {
            PhotoKind::House
        };
        made.push((name, kind, scene(src), orientation));
    }
    made.push((
        "id-front".into(),
        PhotoKind::IdFront,
        id_card(&font, false),
        1,
    ));
    made.push(("id-back".into(), PhotoKind::IdBack, id_card(&font, true), 6));
    made.push((
        "property-cert".into(),
        PhotoKind::PropertyCertificate,
        certificate(&font, "HOUSING PROPERTY CERTIFICATE"),
        1,
    ));
    made.push((
        "licence".into(),
        PhotoKind::BusinessLicense,
        certificate(&font, "BUSINESS LICENCE"),
        6,
    ));
    made.into_iter()
        .enumerate()
        .map(|(i, (name, kind, mut canvas, orientation))| {
            add_sensor_noise(&mut canvas, 0x9E37_79B9_7F4A_7C15 ^ i as u64);
            let jpeg = jpeg_q92(&canvas);
            let bytes = if orientation == 1 {
                jpeg
            } else {
                with_orientation(&jpeg, orientation)
            };
            let path = dir.join(format!("{i:02}-{name}.jpg"));
            std::fs::write(&path, &bytes).unwrap();
            Input {
                name,
                kind,
                path,
                orientation,
                bytes: bytes.len() as u64,
            }
        })
        .collect()
}
