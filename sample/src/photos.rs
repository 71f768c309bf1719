//! The sample's camera: drawn pictures, never a real person's document. Each household's house
//! differs in layout, colour and surroundings (so only a planted reuse looks like another
//! household's); ID cards are a fake layout marked 样本 SAMPLE; signatures are strokes.

use crate::canvas::Canvas;
use ab_glyph::FontRef;
use image::codecs::png::PngEncoder;
use image::{ImageEncoder, RgbImage};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub const WIDTH: u32 = 2000;
pub const HEIGHT: u32 = 1500;

/// The printed labels of the fake ID card and 样本 (a subset of Droid Sans Fallback).
static CARD_FONT: &[u8] = include_bytes!("DroidSansFallback-idcard.ttf");

/// A picture of the sample, drawn when the sample is written: each from its own seed, so
/// drawing them in any order, or in parallel, gives the same files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picture {
    House {
        seed: u64,
    },
    IdCard {
        seed: u64,
        back: bool,
        id_number: String,
    },
    Portrait {
        seed: u64,
        blurred: bool,
    },
    BusinessLicence {
        seed: u64,
    },
    Signature {
        seed: u64,
    },
}

impl Picture {
    /// The pHash the photo pipeline would take (of the grey 320 px thumbnail).
    pub fn phash(&self) -> u64 {
        // Drawn at twice the thumbnail's size and then averaged down, as the pipeline's
        // thumbnail is: drawn at its size directly, edges alias and move a few bits.
        let small = self.image_at(640.0 / WIDTH as f32);
        let thumb = image::imageops::thumbnail(&small, 320, 240);
        let gray = image::DynamicImage::ImageRgb8(thumb).to_luma8();
        cunxin_core::photo::phash(gray.as_raw(), gray.width(), gray.height())
            .expect("a 320 px thumbnail hashes")
    }

    /// The picture as the camera took it.
    pub fn image(&self) -> RgbImage {
        self.image_at(1.0)
    }

    /// The picture drawn at `scale` pixels per camera pixel (the same scene, smaller).
    pub fn image_at(&self, scale: f32) -> RgbImage {
        let rng = |seed: u64| ChaCha8Rng::seed_from_u64(seed);
        match self {
            Picture::House { seed } => house(&mut rng(*seed), scale),
            Picture::IdCard {
                seed,
                back,
                id_number,
            } => id_card(&mut rng(*seed), scale, *back, id_number),
            Picture::Portrait { seed, blurred } => {
                let image = portrait(&mut rng(*seed), scale);
                if *blurred { blur(&image) } else { image }
            }
            Picture::BusinessLicence { seed } => business_licence(&mut rng(*seed), scale),
            Picture::Signature { seed } => signature(&mut rng(*seed)),
        }
    }

    /// The file's bytes: a camera JPEG, or a PNG for a signature.
    pub fn draw(&self) -> Vec<u8> {
        let image = self.image();
        match self {
            Picture::Signature { .. } => png(&image),
            _ => jpeg(&image),
        }
    }
}

fn card_font() -> FontRef<'static> {
    FontRef::try_from_slice(CARD_FONT).expect("the embedded font parses")
}

/// Sun from one side and a few patches of shade: no two photographs share their light.
fn uneven_light(c: &mut Canvas, rng: &mut impl Rng) {
    let angle = rng.random_range(0.0..std::f32::consts::TAU);
    let strength = rng.random_range(30.0..70.0);
    let patches: Vec<(f32, f32, f32, f32)> = (0..4)
        .map(|_| {
            (
                rng.random_range(0.0..WIDTH as f32),
                rng.random_range(0.0..HEIGHT as f32),
                rng.random_range(350.0..900.0),
                rng.random_range(-50.0..50.0),
            )
        })
        .collect();
    c.light((angle.cos() * strength, angle.sin() * strength), &patches);
}

fn colour(rng: &mut impl Rng, palette: &[[u8; 3]]) -> [u8; 3] {
    palette[rng.random_range(0..palette.len())]
}

/// A house in its yard as a grid manager photographs it.
fn house(rng: &mut impl Rng, scale: f32) -> RgbImage {
    let sky = colour(
        rng,
        &[
            [150, 180, 230],
            [190, 200, 215],
            [120, 160, 220],
            [215, 205, 190],
        ],
    );
    let mut c = Canvas::scaled(WIDTH, HEIGHT, scale, sky);
    let horizon = rng.random_range(700..1000);
    if rng.random_ratio(1, 2) {
        // Hills behind the village.
        let hill = colour(rng, &[[110, 130, 110], [130, 140, 150], [100, 120, 90]]);
        for _ in 0..rng.random_range(1..4) {
            let cx = rng.random_range(0..WIDTH) as f32;
            c.disc(
                cx,
                horizon as f32 + 200.0,
                rng.random_range(300..700) as f32,
                hill,
            );
        }
    }
    let ground = colour(
        rng,
        &[
            [110, 120, 70],
            [140, 120, 90],
            [120, 115, 105],
            [90, 110, 60],
        ],
    );
    c.rect(0, horizon, WIDTH, HEIGHT, ground);

    let width = rng.random_range(700..1300);
    let height = rng.random_range(350..650);
    let left = rng.random_range(50..WIDTH - width - 50);
    let base = (horizon + rng.random_range(150..400)).min(HEIGHT - 50);
    let wall = colour(
        rng,
        &[
            [200, 180, 150],
            [170, 60, 50],
            [225, 225, 215],
            [120, 130, 150],
            [190, 160, 120],
        ],
    );
    let roof = colour(
        rng,
        &[
            [90, 40, 30],
            [60, 60, 70],
            [150, 70, 40],
            [40, 80, 60],
            [70, 90, 130],
        ],
    );
    c.rect(left, base - height, left + width, base, wall);
    let overhang = rng.random_range(20..80);
    let roof_top = (base - height).saturating_sub(rng.random_range(120..320));
    c.gable(
        left + width / 2,
        roof_top,
        left.saturating_sub(overhang),
        left + width + overhang,
        base - height,
        roof,
    );
    let windows = rng.random_range(1..5);
    let pane = colour(rng, &[[40, 50, 70], [70, 90, 110], [30, 30, 35]]);
    for k in 0..windows {
        let x = left + (k + 1) * width / (windows + 1) - 60;
        let top = base - height + height / 4;
        c.rect(x, top, x + 120, top + height / 3, pane);
    }
    let door = left + rng.random_range(width / 5..width * 4 / 5);
    c.rect(door, base - height / 2, door + 110, base, [80, 50, 35]);
    // Trees and a yard wall, placed at random.
    for _ in 0..rng.random_range(0..5) {
        let x = rng.random_range(0..WIDTH) as f32;
        let y = (horizon + rng.random_range(0..300)) as f32;
        let leaves = colour(rng, &[[50, 100, 50], [70, 120, 40], [40, 80, 45]]);
        c.rect(
            x as u32,
            y as u32 - 200,
            x as u32 + 30,
            y as u32,
            [90, 60, 40],
        );
        c.disc(
            x + 15.0,
            y - 220.0,
            rng.random_range(90..200) as f32,
            leaves,
        );
    }
    if rng.random_ratio(1, 2) {
        let y = base + rng.random_range(20..120);
        c.rect(0, y, WIDTH, (y + 90).min(HEIGHT), [160, 150, 140]);
    }
    uneven_light(&mut c, rng);
    c.grain(rng.random());
    c.image
}

/// A resident photographed at home: indoors against a wall with a door or window, or in the
/// yard, near or far, off centre as people stand.
fn portrait(rng: &mut impl Rng, scale: f32) -> RgbImage {
    let wall = colour(
        rng,
        &[
            [200, 200, 195],
            [180, 190, 210],
            [215, 200, 180],
            [160, 170, 160],
            [120, 100, 90],
        ],
    );
    let mut c = Canvas::scaled(WIDTH, HEIGHT, scale, wall);
    match rng.random_range(0..3) {
        0 => {
            let x = rng.random_range(0..WIDTH - 500);
            c.rect(
                x,
                rng.random_range(100..400),
                x + rng.random_range(300..600),
                HEIGHT,
                [90, 60, 45],
            );
        }
        1 => {
            let (x, y) = (rng.random_range(0..WIDTH - 700), rng.random_range(100..600));
            c.rect(
                x,
                y,
                x + rng.random_range(400..700),
                y + rng.random_range(300..500),
                [60, 80, 110],
            );
        }
        _ => {
            let horizon = rng.random_range(500..1100);
            c.rect(0, 0, WIDTH, horizon, [150, 180, 230]);
            c.rect(0, horizon, WIDTH, HEIGHT, [130, 120, 95]);
        }
    }
    let scale = rng.random_range(0.6..1.3f32);
    let cx = rng.random_range(450..1550) as f32;
    let coat = colour(
        rng,
        &[
            [40, 50, 90],
            [90, 30, 30],
            [60, 60, 60],
            [30, 80, 60],
            [150, 120, 60],
            [220, 220, 230],
        ],
    );
    let head_y = HEIGHT as f32 - 900.0 * scale;
    c.disc(cx, head_y + 900.0 * scale, 500.0 * scale, coat);
    let skin = colour(rng, &[[225, 190, 160], [200, 160, 130], [180, 140, 110]]);
    let face = 210.0 * scale;
    // Hair first, the face over it: the hair shows above and around the forehead.
    let hair = colour(rng, &[[30, 25, 25], [60, 50, 45], [150, 150, 150]]);
    c.disc(cx, head_y - face * 0.35, face * 1.05, hair);
    c.disc(cx, head_y + face * 0.1, face * 0.9, skin);
    uneven_light(&mut c, rng);
    c.grain(rng.random());
    c.image
}

const INK: [u8; 3] = [28, 30, 36];
const LABEL: [u8; 3] = [70, 110, 160];
const RED: [u8; 3] = [200, 32, 36];

/// A fake ID card on a table: the layout's labels, bars where a real card prints a person's
/// data, the household's synthetic ID number, and 样本 SAMPLE across it.
fn id_card(rng: &mut impl Rng, scale: f32, back: bool, id_number: &str) -> RgbImage {
    let font = card_font();
    let table = colour(
        rng,
        &[[96, 72, 52], [120, 100, 80], [70, 70, 75], [150, 140, 120]],
    );
    let mut c = Canvas::scaled(WIDTH, HEIGHT, scale, table);
    let dx = rng.random_range(0..200);
    let dy = rng.random_range(0..150);
    let (x0, y0) = (250 + dx, 300 + dy);
    let (x1, y1) = (x0 + 1400, y0 + 880);
    c.rect(x0, y0, x1, y1, [226, 232, 236]);
    if back {
        c.ring(x0 as f32 + 220.0, y0 as f32 + 230.0, 120.0, 14.0, RED);
        c.text(
            &font,
            x0 as f32 + 420.0,
            y0 as f32 + 200.0,
            90.0,
            "中华人民共和国",
            INK,
        );
        c.text(
            &font,
            x0 as f32 + 420.0,
            y0 as f32 + 340.0,
            110.0,
            "居民身份证",
            INK,
        );
        for (k, label) in ["签发机关", "有效期限"].iter().enumerate() {
            let baseline = y0 as f32 + 620.0 + k as f32 * 120.0;
            c.text(&font, x0 as f32 + 150.0, baseline, 56.0, label, LABEL);
            c.rect(
                x0 + 420,
                baseline as u32 - 40,
                x0 + 1100,
                baseline as u32,
                [120, 125, 135],
            );
        }
    } else {
        for (k, label) in ["姓名", "性别", "出生", "住址"].iter().enumerate() {
            let baseline = y0 as f32 + 150.0 + k as f32 * 140.0;
            c.text(&font, x0 as f32 + 80.0, baseline, 52.0, label, LABEL);
            let bar = rng.random_range(250..600);
            c.rect(
                x0 + 260,
                baseline as u32 - 40,
                x0 + 260 + bar,
                baseline as u32,
                [120, 125, 135],
            );
        }
        c.rect(x1 - 420, y0 + 90, x1 - 90, y0 + 520, [160, 150, 145]);
        c.text(
            &font,
            x0 as f32 + 80.0,
            y1 as f32 - 90.0,
            52.0,
            "公民身份号码",
            LABEL,
        );
        c.text(
            &crate::latin_font(),
            x0 as f32 + 440.0,
            y1 as f32 - 90.0,
            60.0,
            id_number,
            INK,
        );
    }
    c.text(
        &font,
        x0 as f32 + 380.0,
        y0 as f32 + 560.0,
        240.0,
        "样本",
        RED,
    );
    c.text(
        &crate::latin_font(),
        x0 as f32 + 820.0,
        y0 as f32 + 540.0,
        130.0,
        "SAMPLE",
        RED,
    );
    c.grain(rng.random());
    c.image
}

/// A fake business licence on a desk: the layout's labels, bars for the entries, a red seal
/// and 样本 SAMPLE.
fn business_licence(rng: &mut impl Rng, scale: f32) -> RgbImage {
    let font = card_font();
    let desk = colour(rng, &[[120, 110, 100], [90, 80, 70], [150, 140, 125]]);
    let mut c = Canvas::scaled(WIDTH, HEIGHT, scale, desk);
    let (x0, y0) = (300 + rng.random_range(0..150), 80 + rng.random_range(0..60));
    let (x1, y1) = (x0 + 1300, y0 + 1320);
    c.rect(x0, y0, x1, y1, [244, 240, 228]);
    c.text(
        &font,
        x0 as f32 + 420.0,
        y0 as f32 + 170.0,
        120.0,
        "营业执照",
        INK,
    );
    for (k, label) in [
        "统一社会信用代码",
        "名称",
        "类型",
        "经营者",
        "经营场所",
        "登记机关",
    ]
    .iter()
    .enumerate()
    {
        let baseline = y0 as f32 + 330.0 + k as f32 * 150.0;
        c.text(&font, x0 as f32 + 90.0, baseline, 50.0, label, LABEL);
        let bar = rng.random_range(350..700);
        c.rect(
            x0 + 520,
            baseline as u32 - 38,
            x0 + 520 + bar,
            baseline as u32,
            [110, 110, 120],
        );
    }
    c.ring(x1 as f32 - 260.0, y1 as f32 - 230.0, 150.0, 16.0, RED);
    c.text(
        &font,
        x0 as f32 + 330.0,
        y0 as f32 + 760.0,
        240.0,
        "样本",
        RED,
    );
    c.text(
        &crate::latin_font(),
        x0 as f32 + 770.0,
        y0 as f32 + 740.0,
        130.0,
        "SAMPLE",
        RED,
    );
    c.grain(rng.random());
    c.image
}

/// What a shaking hand photographs: the same scene with every edge smeared.
fn blur(image: &RgbImage) -> RgbImage {
    let (w, h) = image.dimensions();
    let small =
        image::imageops::resize(image, w / 24, h / 24, image::imageops::FilterType::Triangle);
    image::imageops::resize(&small, w, h, image::imageops::FilterType::Triangle)
}

/// A resident's signature, drawn on the tablet: dark strokes on white.
fn signature(rng: &mut impl Rng) -> RgbImage {
    let period = rng.random_range(25.0..60.0f32);
    let swing = rng.random_range(25.0..60.0f32);
    let mut c = Canvas::filled(600, 200, [255, 255, 255]);
    for x in 60..540 {
        let y = 100.0 + swing * (x as f32 / period).sin();
        c.disc(x as f32, y, 3.0, [20, 20, 60]);
    }
    c.image
}

fn png(image: &RgbImage) -> Vec<u8> {
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encoding a PNG in memory cannot fail");
    png
}

/// The camera's JPEG (q92 4:2:0, as phones write them).
fn jpeg(image: &RgbImage) -> Vec<u8> {
    turbojpeg::compress_image(image, 92, turbojpeg::Subsamp::Sub2x2)
        .expect("encoding a JPEG in memory cannot fail")
        .to_vec()
}
