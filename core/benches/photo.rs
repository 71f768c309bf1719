//! Photo pipeline against libvips, side by side in one run (`cargo bench -p cunxin-core
//! --bench photo`). Inputs are camera-like (`support/photo_inputs.rs`): 4000×3000 q92 with
//! sensor noise, ~5 MB each as phones write them — the Debian plasma-workspace-wallpapers
//! photographs as scenes and drawn ID cards and certificates as documents, some tagged with
//! EXIF orientation 6 or 8. Each is normalized with its kind's settings
//! (`PhotoSettings::for_kind`: long side and JPEG quality). libvips 8.14 runs in process
//! through pyvips on one thread doing the same work per photo (`thumbnail(path, long side)`,
//! save at the kind's quality, SHA-256, `thumbnail_buffer(out, 320)`, save q80), less our
//! pHash and quality checks. Also printed: our peak memory for one photo (VmHWM of a child
//! process), and the PSNR of our output against a lossless reference (full decode,
//! orientation, `image` Lanczos3, to the same size), with the bytes the kind's quality costs
//! over q80.
//!
//! Targets: ≤ 0.5× libvips time, ≤ 40 MB peak, PSNR ≥ 34.5 dB for every photo.

#[path = "support/photo_inputs.rs"]
mod photo_inputs;

use cunxin_core::photo::{PhotoSettings, Watermark, normalize, normalize_file};
use cunxin_core::store::{GeoPoint, PhotoKind};
use photo_inputs::{Input, make_inputs};
use std::path::PathBuf;
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
const TIME_TARGET: f64 = 0.5;
const PEAK_TARGET_MB: f64 = 40.0;
const PSNR_TARGET: f64 = 34.5;

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
        println!(
            "RESULT photo: skipped: plasma-workspace-wallpapers is not installed (apt-get install plasma-workspace-wallpapers)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    eprintln!("making {} camera-like inputs …", sources.len() + 4);
    let inputs = make_inputs(&sources, dir.path());

    // Ours, in process, reading each file as the app would.
    for p in &inputs {
        normalize_file(&p.path, &field_settings(p.kind)).unwrap();
    }
    let mut ours = Vec::new();
    for _ in 0..PASSES {
        let start = Instant::now();
        for p in &inputs {
            std::hint::black_box(normalize_file(&p.path, &field_settings(p.kind)).unwrap());
        }
        ours.push(start.elapsed().as_secs_f64() * 1000.0 / inputs.len() as f64);
    }
    let ours_ms = median(&mut ours);
    let vips_ms = libvips_ms(&inputs);

    let peaks: Vec<f64> = inputs.iter().map(|p| child_peak_mb(Some(p))).collect();
    let baseline = child_peak_mb(None);
    let peak = peaks.iter().cloned().fold(0.0, f64::max);

    // Without the watermark: its text is meant to differ from the reference.
    let measured: Vec<Measured> = inputs.iter().map(measure).collect();
    let psnr_min = measured
        .iter()
        .map(|m| m.psnr)
        .fold(f64::INFINITY, f64::min);
    let psnr_mean = measured.iter().map(|m| m.psnr).sum::<f64>() / measured.len() as f64;
    let mean_mb = inputs.iter().map(|p| p.bytes as f64).sum::<f64>() / inputs.len() as f64 / 1e6;

    println!();
    println!(
        "photo pipeline, {} camera-like photos of 4000×3000 q92 (mean {mean_mb:.1} MB; orientations {:?}), one thread, median of {PASSES} passes",
        inputs.len(),
        inputs.iter().map(|p| p.orientation).collect::<Vec<_>>()
    );
    println!("| approach | ms/photo | peak RSS | PSNR vs Lanczos3 reference |");
    println!("|---|---|---|---|");
    println!(
        "| ours: turbojpeg scaled decode + fast_image_resize Lanczos3 + watermark + turbojpeg at the kind's quality (+ thumbnail, SHA-256, pHash, quality) | {ours_ms:.1} | {peak:.1} MB (child; {baseline:.1} MB before any photo) | mean {psnr_mean:.2} dB, min {psnr_min:.2} dB |"
    );
    match vips_ms {
        Some(v) => println!(
            "| libvips {} via pyvips: thumbnail + save at the kind's quality + thumbnail_buffer + SHA-256 | {v:.1} | — | — |",
            vips_version().unwrap_or_default()
        ),
        None => println!(
            "| libvips via pyvips | not available (python3 -m pip install pyvips; apt-get install libvips42) | — | — |"
        ),
    }
    println!();
    println!(
        "per photo: kind, input MB, orientation, peak, PSNR ours | ours at q100 (resampling only) | the reference at our quality (encoding only); bytes at the kind's quality vs at q80"
    );
    for (p, (mb, m)) in inputs.iter().zip(peaks.iter().zip(&measured)) {
        let settings = PhotoSettings::for_kind(p.kind);
        println!(
            "  {:<14} {:<20} {:>4.1} MB  o{}  peak {mb:5.1} MB  PSNR {:.2} | {:.2} | {:.2} dB  {} px q{}: {} B vs q80 {} B ({:+.0}%)",
            p.name,
            p.kind.as_str(),
            p.bytes as f64 / 1e6,
            p.orientation,
            m.psnr,
            m.psnr_q100,
            m.psnr_reference_encoded,
            settings.long_side,
            m.quality,
            m.bytes,
            m.bytes_q80,
            (m.bytes as f64 / m.bytes_q80 as f64 - 1.0) * 100.0
        );
    }
    let ratio = vips_ms.map(|v| ours_ms / v);
    let verdict = |ok: bool| if ok { "met" } else { "NOT MET" };
    println!();
    println!(
        "RESULT photo: time {} (target ≤ {TIME_TARGET:.2}× libvips) {}; peak {peak:.1} MB (target ≤ {PEAK_TARGET_MB:.0} MB) {}; PSNR min {psnr_min:.2} dB over every photo (target ≥ {PSNR_TARGET} dB) {}",
        ratio.map_or("n/a".into(), |r| format!("{r:.2}× libvips")),
        ratio.map_or("not measured", |r| verdict(r <= TIME_TARGET)),
        verdict(peak <= PEAK_TARGET_MB),
        verdict(psnr_min >= PSNR_TARGET)
    );
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

const VIPS_SCRIPT: &str = r#"
import hashlib, sys, time
import pyvips
passes = int(sys.argv[1])
jobs = [a.rsplit(":", 2) for a in sys.argv[2:]]
def one(f, side, q):
    out = pyvips.Image.thumbnail(f, int(side)).jpegsave_buffer(Q=int(q))
    hashlib.sha256(out).hexdigest()
    pyvips.Image.thumbnail_buffer(out, 320).jpegsave_buffer(Q=80)
for job in jobs:
    one(*job)
runs = []
for _ in range(passes):
    t = time.perf_counter()
    for job in jobs:
        one(*job)
    runs.append((time.perf_counter() - t) * 1000 / len(jobs))
runs.sort()
print(runs[len(runs) // 2])
"#;

/// libvips ms/photo, in process in Python, one thread; None when pyvips is missing.
fn libvips_ms(inputs: &[Input]) -> Option<f64> {
    let out = Command::new("python3")
        .arg("-c")
        .arg(VIPS_SCRIPT)
        .arg(PASSES.to_string())
        .args(inputs.iter().map(|p| {
            let s = PhotoSettings::for_kind(p.kind);
            format!("{}:{}:{}", p.path.display(), s.long_side, s.jpeg_quality)
        }))
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
fn child_peak_mb(input: Option<&Input>) -> f64 {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.arg("--child-peak");
    if let Some(p) = input {
        cmd.arg(&p.path).arg(p.kind.as_str());
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

/// What the tablet runs: the kind's settings with the watermark burned in.
fn field_settings(kind: PhotoKind) -> PhotoSettings {
    PhotoSettings::for_kind(kind).with_watermark(Watermark {
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
        let kind = std::env::args()
            .nth(3)
            .and_then(|k| PhotoKind::ALL.into_iter().find(|x| x.as_str() == k))
            .unwrap_or(PhotoKind::Other);
        let photo = normalize_file(&path, &field_settings(kind)).unwrap();
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

struct Measured {
    psnr: f64,
    psnr_q100: f64,
    psnr_reference_encoded: f64,
    bytes: usize,
    bytes_q80: usize,
    quality: u8,
}

/// PSNR (RGB, 8-bit) of our normalized JPEG (the kind's settings, no watermark) against the
/// full-resolution decode, turned upright and Lanczos3-resized by the `image` crate to the
/// same size; then the same for our pipeline at q100 (what scale-on-decode and
/// fast_image_resize cost) and for the reference itself encoded at our quality, 4:2:0 (what
/// the encoding alone costs); and our bytes at the kind's quality and at q80.
fn measure(input: &Input) -> Measured {
    let bytes = std::fs::read(&input.path).unwrap();
    let settings = PhotoSettings::for_kind(input.kind);
    let photo = normalize(&bytes, &settings).unwrap();
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
    let at = |quality: u8| {
        normalize(
            &bytes,
            &PhotoSettings {
                jpeg_quality: quality,
                min_psnr_db: 0.0,
                ..settings.clone()
            },
        )
        .unwrap()
        .jpeg
    };
    let reference_encoded = decode_rgb(
        &turbojpeg::compress_image(
            &reference,
            photo.jpeg_quality as i32,
            turbojpeg::Subsamp::Sub2x2,
        )
        .unwrap(),
    );
    Measured {
        psnr: psnr(ours.as_raw(), reference.as_raw()),
        psnr_q100: psnr(decode_rgb(&at(100)).as_raw(), reference.as_raw()),
        psnr_reference_encoded: psnr(reference_encoded.as_raw(), reference.as_raw()),
        bytes: photo.jpeg.len(),
        quality: photo.jpeg_quality,
        bytes_q80: at(80).len(),
    }
}
