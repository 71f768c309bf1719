//! 64-bit DCT perceptual hash (pHash) and near-duplicate search.
//!
//! The grey thumbnail is box-averaged to 32×32, transformed with a 2-D DCT-II, and the
//! 8×8 lowest frequencies are compared with their median (the DC term, which only says how
//! bright the photo is, is left out of the median and its bit is always 0). Re-encoding,
//! resizing and small crops move few bits; a different scene moves about half. The pipeline
//! hashes the thumbnail before the watermark, so the burned-in text moves none.

use super::error::PhotoResult;
use super::resize::resize_exact;
use fast_image_resize::{FilterType, PixelType};
use std::f64::consts::PI;

const N: usize = 32;

/// Two photos whose hashes differ in at most this many bits are flagged as near-duplicates.
/// Chosen from tests/duplicates.rs: a 3%-cropped quality-60 re-encode differed by 2–4 bits on
/// synthetic scenes and 4–10 on eight real photographs; the closest two different photos
/// differed by 22. 14 sits between, nearer the copies: a missed duplicate costs more than a
/// photo the grid manager is asked to look at twice.
pub const NEAR_DUPLICATE_DISTANCE: u32 = 14;

/// The 64-bit pHash of a grey image.
pub fn phash(gray: &[u8], width: u32, height: u32) -> PhotoResult<u64> {
    let small = resize_exact(
        gray,
        (width, height),
        PixelType::U8,
        (N as u32, N as u32),
        FilterType::Box,
    )?;
    let cos = cosine_table();
    // Rows, then columns: coefficient (u, v) for u, v < 8 only.
    let mut rows = [[0f64; 8]; N];
    for (y, row) in rows.iter_mut().enumerate() {
        for (v, out) in row.iter_mut().enumerate() {
            *out = (0..N).map(|x| small[y * N + x] as f64 * cos[v][x]).sum();
        }
    }
    let mut coefficients = [0f64; 64];
    for u in 0..8 {
        for v in 0..8 {
            coefficients[u * 8 + v] = (0..N).map(|y| rows[y][v] * cos[u][y]).sum();
        }
    }
    let mut ac: Vec<f64> = coefficients[1..].to_vec();
    ac.sort_by(f64::total_cmp);
    let median = (ac[30] + ac[31]) / 2.0;
    let mut hash = 0u64;
    for (i, c) in coefficients.iter().enumerate().skip(1) {
        if *c > median {
            hash |= 1 << (63 - i);
        }
    }
    Ok(hash)
}

/// cos((2x + 1) u π / 2N) for the 8 lowest frequencies.
fn cosine_table() -> [[f64; N]; 8] {
    let mut table = [[0f64; N]; 8];
    for (u, row) in table.iter_mut().enumerate() {
        for (x, c) in row.iter_mut().enumerate() {
            *c = ((2 * x + 1) as f64 * u as f64 * PI / (2 * N) as f64).cos();
        }
    }
    table
}

/// Number of differing bits.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// The existing photos within `max_distance` bits of `new`, closest first (ties in the
/// order given).
pub fn near_duplicates(
    new: u64,
    existing: &[(String, u64)],
    max_distance: u32,
) -> Vec<(String, u32)> {
    let mut found: Vec<(String, u32)> = existing
        .iter()
        .map(|(id, hash)| (id.clone(), hamming(new, *hash)))
        .filter(|(_, d)| *d <= max_distance)
        .collect();
    found.sort_by_key(|(_, d)| *d);
    found
}
