//! What kind of file this is, from its first bytes (never from its name).

use super::error::{PhotoError, PhotoResult};

/// The formats the pipeline decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Jpeg,
    Png,
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "jpeg",
            SourceFormat::Png => "png",
        }
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// ISO-BMFF brands of HEIF files holding HEVC images (what iPhones and many Android
/// phones save by default); `mif1`/`msf1` are the generic HEIF brands.
const HEIC_BRANDS: [&[u8; 4]; 8] = [
    b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
];

/// Identifies the file, or says in one sentence why it is not one the pipeline takes.
pub fn sniff(bytes: &[u8]) -> PhotoResult<SourceFormat> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(SourceFormat::Jpeg);
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return Ok(SourceFormat::Png);
    }
    if let Some(brand) = bytes.get(4..12).filter(|b| b.starts_with(b"ftyp")) {
        let major = &brand[4..8];
        if major == b"avif" || major == b"avis" {
            return Err(PhotoError::Unsupported("AVIF"));
        }
        if HEIC_BRANDS.iter().any(|b| b.as_slice() == major) {
            return Err(PhotoError::Heic);
        }
        return Err(PhotoError::Unsupported("MP4 and other ISO media"));
    }
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Err(PhotoError::Unsupported("GIF"));
    }
    if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Err(PhotoError::Unsupported("WebP"));
    }
    if starts(b"BM") && bytes.len() >= 26 {
        return Err(PhotoError::Unsupported("BMP"));
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        // Also camera raw files (DNG, CR2, NEF, ARW), which are TIFF containers.
        return Err(PhotoError::Unsupported("TIFF and camera raw"));
    }
    if starts(b"\0\0\0\x0CjP  ") || starts(&[0xFF, 0x4F, 0xFF, 0x51]) {
        return Err(PhotoError::Unsupported("JPEG 2000"));
    }
    if starts(&[0xFF, 0x0A]) || starts(b"\0\0\0\x0CJXL \r\n\x87\n") {
        return Err(PhotoError::Unsupported("JPEG XL"));
    }
    if starts(&[0xFF, 0xD8]) {
        // A JPEG start marker not followed by a marker: the file is cut or corrupt.
        return Err(PhotoError::Damaged(
            "JPEG start marker without a segment".into(),
        ));
    }
    if starts(&PNG_SIGNATURE[..4]) {
        return Err(PhotoError::Damaged(
            "PNG signature cut short or altered".into(),
        ));
    }
    Err(PhotoError::NotAnImage)
}
