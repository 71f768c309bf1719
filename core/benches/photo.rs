//! Photo pipeline against libvips, side by side in one run (`cargo bench -p cunxin-core
//! --bench photo`). Inputs: 4000×3000 q92 JPEGs made from the photographs in Debian's
//! plasma-workspace-wallpapers (scaled to cover, centre-cropped), two of them tagged with EXIF
//! orientation 6 and two with 8. libvips runs in process through pyvips on one thread
//! (`thumbnail(path, 1600)`, save q80, `thumbnail_buffer(out, 320)`, save q80, SHA-256), the
//! same work as ours less the pHash and quality checks. Also printed: our peak memory for one
//! photo (VmHWM of a child process), and the PSNR of our 1600 px output against a lossless
//! reference (full decode, orientation, `image` Lanczos3).
//!
//! Targets: ≤ 0.5× libvips time, ≤ 40 MB peak, PSNR ≥ 34.5 dB.

use cunxin_core::photo::{PhotoSettings, Watermark, normalize, normalize_file};
use cunxin_core::store::GeoPoint;
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{PixelType, ResizeOptions, Resizer};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

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
const PASSES: usize = 3;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child-peak") {
        child_peak(args.get(i + 1).map(PathBuf::from));
        return;
    }
    let sources: Vec<PathBuf> = PHOTOS
        .iter()
        .map(|n| {
            PathBuf::from(format!(
                "/usr/share/wallpapers/{n}/contents/images/2560x1600.jpg"
            ))
        })
        .filter(|p| p.exists())
        .collect();
    if sources.is_empty() {
        println!("photo bench: plasma-workspace-wallpapers is not installed; nothing to measure");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let inputs = make_inputs(&sources, dir.path());
    let settings = field_settings();

    // Ours, in process, reading each file as the app would.
    for p in &inputs {
        normalize_file(&p.path, &settings).unwrap();
    }
    let mut ours = Vec::new();
    for _ in 0..PASSES {
        let start = Instant::now();
        for p in &inputs {
            std::hint::black_box(normalize_file(&p.path, &settings).unwrap());
        }
        ours.push(start.elapsed().as_secs_f64() * 1000.0 / inputs.len() as f64);
    }
    let ours_ms = median(&mut ours);
    let vips_ms = libvips_ms(&inputs);

    let peaks: Vec<f64> = inputs
        .iter()
        .map(|p| child_peak_mb(Some(&p.path)))
        .collect();
    let baseline = child_peak_mb(None);
    let peak = peaks.iter().cloned().fold(0.0, f64::max);

    let all_psnr: Vec<[f64; 3]> = inputs
        .iter()
        // Without the watermark: its text is meant to differ from the reference.
        .map(|p| psnr_vs_reference(p, &PhotoSettings::default()))
        .collect();
    let psnrs: Vec<f64> = all_psnr.iter().map(|p| p[0]).collect();
    let psnr_min = psnrs.iter().cloned().fold(f64::INFINITY, f64::min);
    let psnr_mean = psnrs.iter().sum::<f64>() / psnrs.len() as f64;

    println!();
    println!(
        "photo pipeline, {} photos of 4000×3000 q92 (orientations {:?}), one thread, median of {PASSES} passes",
        inputs.len(),
        inputs.iter().map(|p| p.orientation).collect::<Vec<_>>()
    );
    println!("| approach | ms/photo | peak RSS | PSNR vs Lanczos3 reference |");
    println!("|---|---|---|---|");
    println!(
        "| ours: turbojpeg scaled decode + fast_image_resize Lanczos3 + watermark + turbojpeg q80 (+ thumbnail, SHA-256, pHash, quality) | {ours_ms:.1} | {peak:.1} MB (child; {baseline:.1} MB before any photo) | mean {psnr_mean:.2} dB, min {psnr_min:.2} dB |"
    );
    match vips_ms {
        Some(v) => println!(
            "| libvips {} via pyvips: thumbnail + q80 + thumbnail_buffer + SHA-256 | {v:.1} | — | — |",
            vips_version().unwrap_or_default()
        ),
        None => println!(
            "| libvips via pyvips | not available (python3 -m pip install pyvips; apt-get install libvips42) | — | — |"
        ),
    }
    println!();
    println!(
        "PSNR vs reference: ours (q80) | ours at q100 (resampling only) | reference itself at q80 4:2:0 (encoding only)"
    );
    for (p, (mb, db)) in inputs.iter().zip(peaks.iter().zip(&all_psnr)) {
        println!(
            "  {:<14} orientation {}  peak {mb:5.1} MB  PSNR {:.2} | {:.2} | {:.2} dB",
            p.name, p.orientation, db[0], db[1], db[2]
        );
    }
    let ratio = vips_ms.map(|v| ours_ms / v);
    let verdict = |ok: bool| if ok { "ok" } else { "MISSED" };
    println!();
    match ratio {
        Some(r) => println!(
            "time ratio ours/libvips: {r:.2} (target ≤ 0.50: {})",
            verdict(r <= 0.5)
        ),
        None => println!("time ratio ours/libvips: n/a"),
    }
    println!(
        "peak memory: {peak:.1} MB (target ≤ 40 MB: {})",
        verdict(peak <= 40.0)
    );
    println!(
        "PSNR: mean {psnr_mean:.2} dB (target ≥ 34.5 dB: {}), min {psnr_min:.2} dB ({})",
        verdict(psnr_mean >= 34.5),
        verdict(psnr_min >= 34.5)
    );
}

struct Input {
    name: String,
    path: PathBuf,
    orientation: u16,
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// 4000×3000 q92 4:2:0 JPEGs: each photograph scaled (Lanczos3) to cover 4000×3000 and
/// centre-cropped; photos 2 and 6 tagged orientation 6, photos 4 and 8 orientation 8.
fn make_inputs(sources: &[PathBuf], dir: &Path) -> Vec<Input> {
    let (w, h) = (4000u32, 3000u32);
    sources
        .iter()
        .enumerate()
        .map(|(i, src)| {
            let img = image::open(src).unwrap().to_rgb8();
            let (sw, sh) = img.dimensions();
            let scale = (w as f64 / sw as f64).max(h as f64 / sh as f64);
            let (cw, ch) = (w as f64 / scale, h as f64 / scale);
            let options =
                ResizeOptions::new().crop((sw as f64 - cw) / 2.0, (sh as f64 - ch) / 2.0, cw, ch);
            let src_view = ImageRef::new(sw, sh, img.as_raw(), PixelType::U8x3).unwrap();
            let mut dst = Image::new(w, h, PixelType::U8x3);
            Resizer::new()
                .resize(&src_view, &mut dst, &options)
                .unwrap();
            let pixels = dst.into_vec();
            let jpeg = turbojpeg::compress(
                turbojpeg::Image {
                    pixels: pixels.as_slice(),
                    width: w as usize,
                    pitch: w as usize * 3,
                    height: h as usize,
                    format: turbojpeg::PixelFormat::RGB,
                },
                92,
                turbojpeg::Subsamp::Sub2x2,
            )
            .unwrap()
            .to_vec();
            let orientation = match i % 4 {
                1 => 6,
                3 => 8,
                _ => 1,
            };
            let bytes = if orientation == 1 {
                jpeg
            } else {
                with_orientation(&jpeg, orientation)
            };
            let name = src
                .components()
                .nth(4)
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .into_owned();
            let path = dir.join(format!("{i}-{name}.jpg"));
            std::fs::write(&path, bytes).unwrap();
            Input {
                name,
                path,
                orientation,
            }
        })
        .collect()
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

const VIPS_SCRIPT: &str = r#"
import hashlib, sys, time
import pyvips
files, passes = sys.argv[2:], int(sys.argv[1])
def one(f):
    out = pyvips.Image.thumbnail(f, 1600).jpegsave_buffer(Q=80)
    hashlib.sha256(out).hexdigest()
    pyvips.Image.thumbnail_buffer(out, 320).jpegsave_buffer(Q=80)
for f in files:
    one(f)
runs = []
for _ in range(passes):
    t = time.perf_counter()
    for f in files:
        one(f)
    runs.append((time.perf_counter() - t) * 1000 / len(files))
runs.sort()
print(runs[len(runs) // 2])
"#;

/// libvips ms/photo, in process in Python, one thread; None when pyvips is missing.
fn libvips_ms(inputs: &[Input]) -> Option<f64> {
    let out = Command::new("python3")
        .arg("-c")
        .arg(VIPS_SCRIPT)
        .arg(PASSES.to_string())
        .args(inputs.iter().map(|p| &p.path))
        .env("VIPS_CONCURRENCY", "1")
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("pyvips failed: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    String::from_utf8(out.stdout).ok()?.trim().parse().ok()
}

fn vips_version() -> Option<String> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import pyvips; print('%d.%d.%d' % tuple(pyvips.version(i) for i in range(3)))",
        ])
        .output()
        .ok()?;
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}

/// Runs this binary again to normalize one photo, and reads its peak resident memory.
fn child_peak_mb(path: Option<&Path>) -> f64 {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.arg("--child-peak");
    if let Some(p) = path {
        cmd.arg(p);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse::<f64>()
        .unwrap()
        / 1024.0
}

/// What the tablet runs: 1600 px with the watermark burned in.
fn field_settings() -> PhotoSettings {
    PhotoSettings::default().with_watermark(Watermark {
        captured_at: Some("2024-05-01T10:32:05+08:00".into()),
        location: Some(GeoPoint {
            latitude: 34.6197,
            longitude: 112.4540,
            accuracy_m: Some(8.0),
        }),
        household: Some("410303001001-0007".into()),
        grid_manager: Some("GM0412".into()),
    })
}

fn child_peak(path: Option<PathBuf>) {
    if let Some(path) = path {
        let photo = normalize_file(&path, &field_settings()).unwrap();
        std::hint::black_box(photo);
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap();
    println!("{kb}");
}

fn psnr(a: &[u8], b: &[u8]) -> f64 {
    let se: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (*x as f64 - *y as f64).powi(2))
        .sum();
    10.0 * (255.0 * 255.0 * a.len() as f64 / se).log10()
}

fn decode_rgb(jpeg: &[u8]) -> image::RgbImage {
    image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
        .unwrap()
        .to_rgb8()
}

/// PSNR (RGB, 8-bit) of our normalized JPEG against the full-resolution decode, turned
/// upright and Lanczos3-resized by the `image` crate to the same size; then the same for
/// our pipeline at q100 (what scale-on-decode and fast_image_resize cost) and for the
/// reference itself encoded q80 4:2:0 (what the contract's encoding alone costs).
fn psnr_vs_reference(input: &Input, settings: &PhotoSettings) -> [f64; 3] {
    let bytes = std::fs::read(&input.path).unwrap();
    let photo = normalize(&bytes, settings).unwrap();
    let ours = decode_rgb(&photo.jpeg);
    let full = decode_rgb(&bytes);
    let upright = match input.orientation {
        6 => image::imageops::rotate90(&full),
        8 => image::imageops::rotate270(&full),
        _ => full,
    };
    let reference = image::imageops::resize(
        &upright,
        ours.width(),
        ours.height(),
        image::imageops::FilterType::Lanczos3,
    );
    let q100 = PhotoSettings {
        jpeg_quality: 100,
        ..settings.clone()
    };
    let ours_q100 = decode_rgb(&normalize(&bytes, &q100).unwrap().jpeg);
    let reference_q80 =
        decode_rgb(&turbojpeg::compress_image(&reference, 80, turbojpeg::Subsamp::Sub2x2).unwrap());
    [
        psnr(ours.as_raw(), reference.as_raw()),
        psnr(ours_q100.as_raw(), reference.as_raw()),
        psnr(reference_q80.as_raw(), reference.as_raw()),
    ]
}
