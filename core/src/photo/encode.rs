//! JPEG encoding with libjpeg-turbo: baseline, 4:2:0 chroma. TurboJPEG writes only a JFIF
//! APP0 segment, so outputs carry no EXIF (no GPS, no device serial), which a test checks.

use super::Rgb;
use super::error::{PhotoError, PhotoResult};
use turbojpeg::{Compressor, Image, PixelFormat, Subsamp};

fn internal(e: turbojpeg::Error) -> PhotoError {
    PhotoError::Internal(format!("JPEG encoding: {e}"))
}

pub fn encode(image: &Rgb, quality: u8) -> PhotoResult<Vec<u8>> {
    let mut compressor = Compressor::new().map_err(internal)?;
    compressor
        .set_quality(quality.clamp(1, 100) as i32)
        .map_err(internal)?;
    compressor.set_subsamp(Subsamp::Sub2x2).map_err(internal)?;
    compressor
        .compress_to_vec(Image {
            pixels: image.pixels.as_slice(),
            width: image.width as usize,
            pitch: image.width as usize * 3,
            height: image.height as usize,
            format: PixelFormat::RGB,
        })
        .map_err(internal)
}

/// The highest quality a re-encode goes to.
const MAX_QUALITY: u8 = 95;

/// Encodes at `quality`, then measures what the encoding lost (the decoded JPEG's PSNR
/// against `image`); while that is below `min_psnr_db`, encodes again four steps higher, up
/// to q95. Detailed scenes (foliage, gravel, fine print) need more than q80 to stay faithful;
/// most photos pass on the first try, for one decode of the small result. Returns the JPEG and
/// the quality used. `min_psnr_db` ≤ 0 skips the check.
pub fn encode_faithfully(image: &Rgb, quality: u8, min_psnr_db: f64) -> PhotoResult<(Vec<u8>, u8)> {
    let mut quality = quality.clamp(1, 100);
    loop {
        let jpeg = encode(image, quality)?;
        if min_psnr_db <= 0.0 || quality >= MAX_QUALITY || psnr(image, &jpeg)? >= min_psnr_db {
            return Ok((jpeg, quality));
        }
        quality = (quality + 4).min(MAX_QUALITY);
    }
}

/// PSNR (8-bit RGB) of a JPEG against the pixels it was encoded from.
fn psnr(image: &Rgb, jpeg: &[u8]) -> PhotoResult<f64> {
    let decoded = turbojpeg::decompress(jpeg, PixelFormat::RGB).map_err(internal)?;
    if decoded.width != image.width as usize || decoded.height != image.height as usize {
        return Err(PhotoError::Internal(
            "JPEG encoding changed the size".into(),
        ));
    }
    let mut se = 0u64;
    for (row, source) in decoded
        .pixels
        .chunks_exact(decoded.pitch)
        .zip(image.pixels.chunks_exact(image.width as usize * 3))
    {
        se += row[..source.len()]
            .iter()
            .zip(source)
            .map(|(a, b)| (*a as i32 - *b as i32).pow(2) as u64)
            .sum::<u64>();
    }
    if se == 0 {
        return Ok(f64::INFINITY);
    }
    Ok(10.0 * (255.0f64 * 255.0 * image.pixels.len() as f64 / se as f64).log10())
}
