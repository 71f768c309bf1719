//! Why a file could not become a normalized photo: one plain English sentence each, with no
//! file name, path or other personal data in it.

/// A file that is not a usable photo, or a photo that could not be processed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("The photo file is empty.")]
    Empty,
    /// The file could not be read; the payload is the I/O error kind, never the path.
    #[error("The photo file could not be read ({0}).")]
    Unreadable(String),
    #[error("The photo file is larger than {limit_mb} MB, which no camera photo is.")]
    FileTooLarge { limit_mb: u64 },
    #[error("The file is not a photo; use a JPEG or PNG image.")]
    NotAnImage,
    #[error("HEIC photos are not supported; set the camera to save JPEG.")]
    Heic,
    /// A real image format the pipeline does not take (GIF, WebP, CMYK JPEG, …).
    #[error("{0} images are not supported; use a JPEG or PNG photo.")]
    Unsupported(&'static str),
    /// Header dimensions past the limits: a decompression bomb or not a camera photo.
    #[error(
        "The image claims to be {width}×{height} pixels, more than a camera photo can be (limit {max_megapixels} megapixels, {max_side} pixels a side)."
    )]
    TooLarge {
        width: u64,
        height: u64,
        max_megapixels: u64,
        max_side: u64,
    },
    /// Decoding would need more memory than the pipeline allows itself.
    #[error("The image would need more than {limit_mb} MB of memory to decode.")]
    TooMuchMemory { limit_mb: u64 },
    /// Truncated or corrupt data. The payload is the decoder's message, for logs only.
    #[error("The photo file is damaged or incomplete; take the photo again.")]
    Damaged(String),
    /// Encoding or resizing failed, which valid input should never cause.
    #[error("The photo could not be processed ({0}).")]
    Internal(String),
}

impl PhotoError {
    /// A stable machine-readable code, for JSON and the bindings.
    pub fn code(&self) -> &'static str {
        match self {
            PhotoError::Empty => "empty",
            PhotoError::Unreadable(_) => "unreadable",
            PhotoError::FileTooLarge { .. } => "file_too_large",
            PhotoError::NotAnImage => "not_an_image",
            PhotoError::Heic => "heic",
            PhotoError::Unsupported(_) => "unsupported",
            PhotoError::TooLarge { .. } => "too_large",
            PhotoError::TooMuchMemory { .. } => "too_much_memory",
            PhotoError::Damaged(_) => "damaged",
            PhotoError::Internal(_) => "internal",
        }
    }
}

pub type PhotoResult<T> = Result<T, PhotoError>;
