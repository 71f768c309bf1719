//! Quality gate, measured on the thumbnail (before any watermark): blur as the variance of
//! the Laplacian, darkness as mean luma, burn-out as the share of clipped pixels, and the
//! source's own size. Flags are advice for the grid manager, not errors: a flagged photo can
//! be kept with a reason.

use super::Rgb;
use serde::{Deserialize, Serialize};

/// Where the flags fire. Defaults are set from the tests' made-to-fail images and from real
/// photographs (see tests.rs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QualityThresholds {
    /// "blurry" below this variance of the 4-neighbour Laplacian on the 320 px thumbnail.
    pub min_laplacian_variance: f64,
    /// "too_dark" below this mean luma (0–255).
    pub min_mean_luma: f64,
    /// "overexposed" above this share of pixels with luma ≥ 250.
    pub max_clipped_share: f64,
    /// "too_small" when the source's long side is below this…
    pub min_source_long_side: u32,
    /// …or its short side below this.
    pub min_source_short_side: u32,
}

impl Default for QualityThresholds {
    fn default() -> Self {
        QualityThresholds {
            min_laplacian_variance: 60.0,
            min_mean_luma: 35.0,
            max_clipped_share: 0.25,
            min_source_long_side: 1280,
            min_source_short_side: 720,
        }
    }
}

/// The checks' flags and the numbers behind them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityReport {
    /// Any of "blurry", "too_dark", "overexposed", "too_small", in that order.
    pub flags: Vec<String>,
    pub laplacian_variance: f64,
    pub mean_luma: f64,
    pub clipped_share: f64,
    pub source_width: u32,
    pub source_height: u32,
}

/// Rec. 601 luma in 0–255, as integers (the same numbers on every platform).
pub fn luma(image: &Rgb) -> Vec<u8> {
    image
        .pixels
        .chunks_exact(3)
        .map(|p| ((77 * p[0] as u32 + 150 * p[1] as u32 + 29 * p[2] as u32 + 128) >> 8) as u8)
        .collect()
}

/// Variance of the 4-neighbour Laplacian over the interior pixels.
pub fn laplacian_variance(gray: &[u8], width: usize, height: usize) -> f64 {
    if width < 3 || height < 3 {
        return 0.0;
    }
    let (mut sum, mut sum_sq, mut n) = (0f64, 0f64, 0f64);
    for y in 1..height - 1 {
        let row = y * width;
        for x in 1..width - 1 {
            let i = row + x;
            let l = gray[i - 1] as i32
                + gray[i + 1] as i32
                + gray[i - width] as i32
                + gray[i + width] as i32
                - 4 * gray[i] as i32;
            let l = l as f64;
            sum += l;
            sum_sq += l * l;
            n += 1.0;
        }
    }
    let mean = sum / n;
    sum_sq / n - mean * mean
}

pub fn assess(
    thumbnail_gray: &[u8],
    (width, height): (u32, u32),
    (source_width, source_height): (u32, u32),
    thresholds: &QualityThresholds,
) -> QualityReport {
    let count = thumbnail_gray.len().max(1) as f64;
    let mean_luma = thumbnail_gray.iter().map(|&v| v as f64).sum::<f64>() / count;
    let clipped_share = thumbnail_gray.iter().filter(|&&v| v >= 250).count() as f64 / count;
    let laplacian_variance = laplacian_variance(thumbnail_gray, width as usize, height as usize);
    let mut flags = Vec::new();
    if laplacian_variance < thresholds.min_laplacian_variance {
        flags.push("blurry".to_string());
    }
    if mean_luma < thresholds.min_mean_luma {
        flags.push("too_dark".to_string());
    }
    if clipped_share > thresholds.max_clipped_share {
        flags.push("overexposed".to_string());
    }
    let (long, short) = (
        source_width.max(source_height),
        source_width.min(source_height),
    );
    if long < thresholds.min_source_long_side || short < thresholds.min_source_short_side {
        flags.push("too_small".to_string());
    }
    let round = |v: f64, places: i32| {
        let f = 10f64.powi(places);
        (v * f).round() / f
    };
    QualityReport {
        flags,
        laplacian_variance: round(laplacian_variance, 1),
        mean_luma: round(mean_luma, 1),
        clipped_share: round(clipped_share, 4),
        source_width,
        source_height,
    }
}
