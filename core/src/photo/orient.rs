//! EXIF orientation: read the tag (kamadak-exif) and turn the pixels upright, so outputs need
//! no tag (they carry no EXIF at all).

use super::Rgb;
use std::io::Cursor;

/// The EXIF orientation (1–8) of a JPEG or PNG; 1 when there is no EXIF, no tag, a broken
/// EXIF block or an out-of-range value. A damaged EXIF block never fails the photo.
pub fn exif_orientation(bytes: &[u8]) -> u16 {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let exif = match reader.read_from_container(&mut Cursor::new(bytes)) {
        Ok(exif) => exif,
        Err(exif::Error::PartialResult(partial)) => partial.into_inner().0,
        Err(_) => return 1,
    };
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .filter(|o| (1..=8).contains(o))
        .map_or(1, |o| o as u16)
}

/// Whether the orientation swaps width and height (the 90° and 270° cases).
pub fn swaps_axes(orientation: u16) -> bool {
    (5..=8).contains(&orientation)
}

/// Returns the image as it should be displayed for `orientation`:
/// 2 mirror, 3 rotate 180°, 4 flip, 5 transpose, 6 rotate 90° clockwise,
/// 7 transverse, 8 rotate 90° counter-clockwise.
pub fn apply(image: Rgb, orientation: u16) -> Rgb {
    if !(2..=8).contains(&orientation) {
        return image;
    }
    let (w, h) = (image.width as usize, image.height as usize);
    let (ow, oh) = if swaps_axes(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    let src = &image.pixels;
    let mut out = vec![0u8; ow * oh * 3];
    for y in 0..oh {
        let row = &mut out[y * ow * 3..(y + 1) * ow * 3];
        for x in 0..ow {
            // The source pixel that lands at (x, y) of the upright image.
            let (sx, sy) = match orientation {
                2 => (w - 1 - x, y),
                3 => (w - 1 - x, h - 1 - y),
                4 => (x, h - 1 - y),
                5 => (y, x),
                6 => (y, h - 1 - x),
                7 => (w - 1 - y, h - 1 - x),
                _ => (w - 1 - y, x), // 8
            };
            let s = (sy * w + sx) * 3;
            row[x * 3..x * 3 + 3].copy_from_slice(&src[s..s + 3]);
        }
    }
    Rgb {
        width: ow as u32,
        height: oh as u32,
        pixels: out,
    }
}
