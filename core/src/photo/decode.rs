//! Header first, then pixels: dimensions and memory are checked before anything large is
//! allocated. JPEG goes through libjpeg-turbo with scale-on-decode, PNG through `image`.

use super::error::{PhotoError, PhotoResult};
use super::format::SourceFormat;
use super::turbo::{Decompressor, JpegHeader, TurboError};
use super::{Limits, Rgb};
use image::ImageDecoder;
use image::codecs::png::PngDecoder;
use std::io::Cursor;

const MB: u64 = 1024 * 1024;

/// A file whose header has been read and checked against the limits.
pub enum Probed {
    Jpeg(JpegHeader),
    Png { width: u32, height: u32 },
}

impl Probed {
    pub fn size(&self) -> (u32, u32) {
        match self {
            Probed::Jpeg(h) => (h.width as u32, h.height as u32),
            Probed::Png { width, height } => (*width, *height),
        }
    }
}

fn damaged(e: impl std::fmt::Display) -> PhotoError {
    PhotoError::Damaged(e.to_string())
}

fn from_turbo(e: TurboError) -> PhotoError {
    PhotoError::Damaged(e.message)
}

/// Refuses dimensions a camera photo cannot have: zero, or past the side or pixel limits.
fn check_dimensions(width: u64, height: u64, limits: &Limits) -> PhotoResult<()> {
    if width == 0 || height == 0 {
        return Err(PhotoError::Damaged(
            "zero width or height in the header".into(),
        ));
    }
    if width > limits.max_side as u64
        || height > limits.max_side as u64
        || width * height > limits.max_pixels
    {
        return Err(PhotoError::TooLarge {
            width,
            height,
            max_megapixels: limits.max_pixels / 1_000_000,
            max_side: limits.max_side as u64,
        });
    }
    Ok(())
}

/// Reads and checks the header. For a JPEG this also refuses what libjpeg-turbo cannot turn
/// into RGB (CMYK, 12-bit), and progressive files whose coefficient buffers would not fit.
pub fn probe(
    bytes: &[u8],
    format: SourceFormat,
    limits: &Limits,
    turbo: &mut Decompressor,
) -> PhotoResult<Probed> {
    match format {
        SourceFormat::Jpeg => {
            let header = turbo.read_header(bytes).map_err(from_turbo)?;
            check_dimensions(header.width as u64, header.height as u64, limits)?;
            if header.precision != 8 {
                return Err(PhotoError::Unsupported("12- and 16-bit JPEG"));
            }
            if header.is_cmyk() {
                return Err(PhotoError::Unsupported("CMYK JPEG"));
            }
            if header.progressive || header.lossless {
                // The whole image's DCT coefficients are kept: 2 bytes per sample, up to
                // 3 samples per pixel. TurboJPEG's own memory limit is the backstop.
                let coefficients = header.width as u64 * header.height as u64 * 6;
                if coefficients > limits.max_decode_mb * MB {
                    return Err(PhotoError::TooMuchMemory {
                        limit_mb: limits.max_decode_mb,
                    });
                }
            }
            Ok(Probed::Jpeg(header))
        }
        SourceFormat::Png => {
            let decoder = PngDecoder::new(Cursor::new(bytes)).map_err(damaged)?;
            let (width, height) = decoder.dimensions();
            check_dimensions(width as u64, height as u64, limits)?;
            // Decoded buffer plus its RGBA8 and RGB8 copies.
            let needed = decoder.total_bytes() + width as u64 * height as u64 * 7;
            if needed > limits.max_decode_mb * MB {
                return Err(PhotoError::TooMuchMemory {
                    limit_mb: limits.max_decode_mb,
                });
            }
            Ok(Probed::Png { width, height })
        }
    }
}

/// The libjpeg scaling denominator (1, 2, 4 or 8) that shrinks the most while the decoded
/// long side stays at least `target_long`: decoding at 1/2 a 4000×3000 photo meant for
/// 1600 px does a quarter of the IDCT work and leaves Lanczos a 1.25× step.
pub fn scale_denominator(width: usize, height: usize, target_long: u32) -> usize {
    let long = width.max(height);
    [8, 4, 2]
        .into_iter()
        .find(|&d| long.div_ceil(d) >= target_long as usize)
        .unwrap_or(1)
}

/// Decodes to packed RGB, a JPEG at the scale that still covers `target_long`.
pub fn decode(
    bytes: &[u8],
    probed: &Probed,
    target_long: u32,
    limits: &Limits,
    turbo: &mut Decompressor,
) -> PhotoResult<Rgb> {
    match probed {
        Probed::Jpeg(header) => {
            // Lossless JPEG cannot be scaled while decoding.
            let denom = if header.lossless {
                1
            } else {
                scale_denominator(header.width, header.height, target_long)
            };
            let (width, height, pixels) =
                turbo.decode_rgb(bytes, header, denom).map_err(from_turbo)?;
            Ok(Rgb {
                width: width as u32,
                height: height as u32,
                pixels,
            })
        }
        Probed::Png { .. } => {
            let mut decoder = PngDecoder::new(Cursor::new(bytes)).map_err(damaged)?;
            let mut image_limits = image::Limits::default();
            image_limits.max_image_width = Some(limits.max_side);
            image_limits.max_image_height = Some(limits.max_side);
            image_limits.max_alloc = Some(limits.max_decode_mb * MB);
            decoder.set_limits(image_limits).map_err(damaged)?;
            let image = image::DynamicImage::from_decoder(decoder).map_err(damaged)?;
            let rgb = match image {
                image::DynamicImage::ImageRgb8(rgb) => rgb,
                other if other.color().has_alpha() => over_white(other.to_rgba8()),
                other => other.to_rgb8(),
            };
            let (width, height) = rgb.dimensions();
            Ok(Rgb {
                width,
                height,
                pixels: rgb.into_raw(),
            })
        }
    }
}

/// Composites a PNG with transparency over white, as a viewer shows it, instead of
/// exposing whatever colour the transparent pixels happen to hold.
fn over_white(rgba: image::RgbaImage) -> image::RgbImage {
    let (width, height) = rgba.dimensions();
    let mut out = Vec::with_capacity(width as usize * height as usize * 3);
    for p in rgba.pixels() {
        let a = p[3] as u32;
        for c in &p.0[..3] {
            out.push(((*c as u32 * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    image::RgbImage::from_raw(width, height, out).expect("buffer sized for the image")
}
