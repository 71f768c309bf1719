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
