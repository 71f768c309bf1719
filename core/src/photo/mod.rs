//! The photo pipeline the tablet runs on every captured photo (and `cunxin photo normalize`):
//! check the header, decode (scaled by libjpeg-turbo), downscale with Lanczos3, turn upright
//! from EXIF, thumbnail, quality-check, perceptual-hash, watermark, re-encode without EXIF,
//! and hash. Hostile input gives a [`PhotoError`] with one plain sentence, never a panic, and
//! memory stays bounded: dimensions are checked before any pixel is decoded.
//!
//! Order matters for speed and memory: the long side is reduced while decoding and by the
//! resize before anything else touches the pixels, so a 4000×3000 photo is never held at
//! full size. The thumbnail, quality numbers and pHash come from the upright image before
//! the watermark is burned in, so two photos of one scene hash alike whatever their text.

mod decode;
mod encode;
mod error;
mod format;
mod orient;
mod phash;
mod quality;
mod resize;
mod turbo;
mod watermark;

#[cfg(test)]
mod tests;

pub use error::{PhotoError, PhotoResult};
pub use format::SourceFormat;
pub use phash::{NEAR_DUPLICATE_DISTANCE, hamming, near_duplicates, phash};
pub use quality::{QualityReport, QualityThresholds};
pub use watermark::{FONT_BYTES as LATIN_FONT, Watermark};

use crate::model::{GeoPoint, PhotoKind, PhotoMeta};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// Packed 8-bit RGB pixels, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rgb {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

/// What the pipeline refuses before decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Larger files are refused before they are read whole.
    pub max_file_bytes: u64,
    /// 60 megapixels: phone cameras save at most 50.
    pub max_pixels: u64,
    /// Longest allowed side, in pixels.
    pub max_side: u32,
    /// Budget for decoder buffers (progressive JPEG coefficients, PNG pixels), in MiB.
    pub max_decode_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 * 1024 * 1024,
            max_pixels: 60_000_000,
            max_side: 20_000,
            max_decode_mb: 200,
        }
    }
}

/// How to normalize one photo.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoSettings {
    /// Long side of the normalized photo; smaller photos are never upscaled.
    pub long_side: u32,
    pub thumb_long_side: u32,
    pub jpeg_quality: u8,
    pub thumb_quality: u8,
    /// Burned into the normalized photo (not the thumbnail) when set.
    pub watermark: Option<Watermark>,
    pub limits: Limits,
    pub thresholds: QualityThresholds,
}

impl PhotoSettings {
    /// 1600 px for most photos; 2000 px for ID card sides, whose small print must stay
    /// readable. Documents (ID cards, certificates, licences) are encoded at a higher
    /// quality: their fine dark print on light paper is what q80 blurs first (the photo
    /// bench prints the PSNR and the bytes this costs).
    pub fn for_kind(kind: PhotoKind) -> Self {
        let long_side = match kind {
            PhotoKind::IdFront | PhotoKind::IdBack => 2000,
            _ => 1600,
        };
        PhotoSettings {
            long_side,
            thumb_long_side: 320,
            jpeg_quality: document_quality(kind),
            thumb_quality: 80,
            watermark: None,
            limits: Limits::default(),
            thresholds: QualityThresholds::default(),
        }
    }

    pub fn with_watermark(mut self, watermark: Watermark) -> Self {
        self.watermark = Some(watermark);
        self
    }
}

/// JPEG quality of the normalized photo by kind: q90 for documents (every character legible),
/// q85 for scenes (at q80 a busy scene, foliage or gravel, fell to 33.4 dB PSNR on the bench).
fn document_quality(kind: PhotoKind) -> u8 {
    match kind {
        PhotoKind::IdFront
        | PhotoKind::IdBack
        | PhotoKind::PropertyCertificate
        | PhotoKind::LandCertificate
        | PhotoKind::BusinessLicense => 90,
        PhotoKind::House | PhotoKind::Portrait | PhotoKind::Other => 85,
    }
}

impl Default for PhotoSettings {
    fn default() -> Self {
        PhotoSettings::for_kind(PhotoKind::Other)
    }
}

/// A normalized photo, ready for `Store::add_photo`.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalizedPhoto {
    /// The normalized JPEG (upright, long side ≤ the setting, the kind's quality, 4:2:0, no EXIF).
    pub jpeg: Vec<u8>,
    pub thumbnail: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumb_width: u32,
    pub thumb_height: u32,
    /// SHA-256 (hex) of `jpeg`.
    pub sha256: String,
    /// SHA-256 (hex) of the camera's file.
    pub source_sha256: String,
    pub source_format: SourceFormat,
    /// The EXIF orientation that was applied (1 when none).
    pub orientation: u16,
    pub phash: u64,
    pub quality: QualityReport,
}

impl NormalizedPhoto {
    /// 16 hex digits, as in the CLI's JSON.
    pub fn phash_hex(&self) -> String {
        format!("{:016x}", self.phash)
    }

    /// The store's record of what the pipeline measured.
    pub fn meta(
        &self,
        kind: PhotoKind,
        taken_by: &str,
        captured_at: Option<String>,
        location: Option<GeoPoint>,
    ) -> PhotoMeta {
        PhotoMeta {
            kind,
            source_sha256: self.source_sha256.clone(),
            phash: self.phash,
            width: self.width,
            height: self.height,
            thumb_width: self.thumb_width,
            thumb_height: self.thumb_height,
            captured_at,
            location,
            taken_by: taken_by.to_string(),
            quality_flags: self.quality.flags.clone(),
            override_reason: None,
        }
    }
}

/// Reads at most the file limit, then normalizes.
pub fn normalize_file(path: &Path, settings: &PhotoSettings) -> PhotoResult<NormalizedPhoto> {
    let unreadable = |e: std::io::Error| PhotoError::Unreadable(e.kind().to_string());
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let limit = settings.limits.max_file_bytes;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(PhotoError::FileTooLarge {
            limit_mb: limit / (1024 * 1024),
        });
    }
    normalize(&bytes, settings)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Normalizes a camera file (JPEG or PNG) held in memory.
pub fn normalize(bytes: &[u8], settings: &PhotoSettings) -> PhotoResult<NormalizedPhoto> {
    let limits = &settings.limits;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(PhotoError::FileTooLarge {
            limit_mb: limits.max_file_bytes / (1024 * 1024),
        });
    }
    let source_format = format::sniff(bytes)?;
    let mut turbo = turbo::Decompressor::new(limits.max_pixels, limits.max_decode_mb)
        .map_err(|e| PhotoError::Internal(e.message))?;
    let probed = decode::probe(bytes, source_format, limits, &mut turbo)?;
    let source_size = probed.size();
    let orientation = orient::exif_orientation(bytes);

    let long_side = settings.long_side.max(1);
    let decoded = decode::decode(bytes, &probed, long_side, limits, &mut turbo)?;
    drop(turbo);
    let resized = resize::downscale(decoded, long_side)?;
    let mut upright = orient::apply(resized, orientation);

    let thumb = resize::downscaled_copy(&upright, settings.thumb_long_side.max(1))?;
    let gray = quality::luma(&thumb);
    let quality = quality::assess(
        &gray,
        (thumb.width, thumb.height),
        source_size,
        &settings.thresholds,
    );
    let phash = phash::phash(&gray, thumb.width, thumb.height)?;

    if let Some(watermark) = &settings.watermark {
        watermark::burn(&mut upright, watermark);
    }
    let jpeg = encode::encode(&upright, settings.jpeg_quality)?;
    let thumbnail = encode::encode(&thumb, settings.thumb_quality)?;
    Ok(NormalizedPhoto {
        sha256: sha256_hex(&jpeg),
        source_sha256: sha256_hex(bytes),
        width: upright.width,
        height: upright.height,
        thumb_width: thumb.width,
        thumb_height: thumb.height,
        jpeg,
        thumbnail,
        source_format,
        orientation,
        phash,
        quality,
    })
}
