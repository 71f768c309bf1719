//! Lanczos3 downscaling with fast_image_resize (SIMD on x86 and ARM); never upscales.

use super::Rgb;
use super::error::{PhotoError, PhotoResult};
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

/// The size whose long side is `long_side`, keeping the aspect ratio; the same size when the
/// image is already no larger. A side is never below 1 px.
pub fn fit(width: u32, height: u32, long_side: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= long_side || long == 0 {
        return (width, height);
    }
    let scale = |side: u32| {
        (((side as u64 * long_side as u64) as f64 / long as f64).round() as u32).clamp(1, long_side)
    };
    if width >= height {
        (long_side, scale(height))
    } else {
        (scale(width), long_side)
    }
}

fn internal(e: impl std::fmt::Display) -> PhotoError {
    PhotoError::Internal(format!("resize: {e}"))
}

/// Resizes pixels of `pixel_type` (U8x3 for RGB, U8 for grey) to exactly `width`×`height`.
pub fn resize_exact(
    pixels: &[u8],
    (src_w, src_h): (u32, u32),
    pixel_type: PixelType,
    (width, height): (u32, u32),
    filter: FilterType,
) -> PhotoResult<Vec<u8>> {
    let src = ImageRef::new(src_w, src_h, pixels, pixel_type).map_err(internal)?;
    let mut dst = Image::new(width, height, pixel_type);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(filter));
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(internal)?;
    Ok(dst.into_vec())
}

/// Downscales with Lanczos3 so the long side is at most `long_side`.
pub fn downscale(image: Rgb, long_side: u32) -> PhotoResult<Rgb> {
    if fit(image.width, image.height, long_side) == (image.width, image.height) {
        return Ok(image);
    }
    downscaled_copy(&image, long_side)
}

/// A downscaled copy (the thumbnail), leaving the original as it is.
pub fn downscaled_copy(image: &Rgb, long_side: u32) -> PhotoResult<Rgb> {
    let (width, height) = fit(image.width, image.height, long_side);
    if (width, height) == (image.width, image.height) {
        return Ok(image.clone());
    }
    let pixels = resize_exact(
        &image.pixels,
        (image.width, image.height),
        PixelType::U8x3,
        (width, height),
        FilterType::Lanczos3,
    )?;
    Ok(Rgb {
        width,
        height,
        pixels,
    })
}
