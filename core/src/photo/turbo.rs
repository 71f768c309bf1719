//! A thin safe wrapper over libjpeg-turbo's TurboJPEG 3 decompressor, used instead of the
//! `turbojpeg` crate's `Decompressor` because that one hides the handle, and we need to set
//! the memory, pixel and scan limits and to tell warnings (truncated or corrupt data) from
//! fatal errors. TurboJPEG keeps its messages in the handle; it prints nothing to stderr.

use std::ffi::{CStr, c_int};
use turbojpeg::raw;

/// What a JPEG's header says, read without decoding any pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegHeader {
    pub width: usize,
    pub height: usize,
    pub progressive: bool,
    pub lossless: bool,
    /// Bits per sample: 8 for every camera JPEG.
    pub precision: i32,
    /// TurboJPEG colorspace (`TJCS_*`).
    pub colorspace: i32,
}

impl JpegHeader {
    pub fn is_cmyk(&self) -> bool {
        self.colorspace == raw::TJCS_TJCS_CMYK as i32
            || self.colorspace == raw::TJCS_TJCS_YCCK as i32
    }
}

/// A failed TurboJPEG call: its message and whether it was only a warning (the data was
/// truncated or corrupt but decoding went on) or fatal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurboError {
    pub message: String,
    pub warning: bool,
}

pub struct Decompressor {
    handle: raw::tjhandle,
}

impl Decompressor {
    /// A decompressor that refuses images of more than `max_pixels` pixels, keeps its
    /// intermediate buffers (progressive coefficients) under `max_memory_mb`, and stops
    /// a progressive JPEG after 500 scans (the "many scans" denial of service).
    pub fn new(max_pixels: u64, max_memory_mb: u64) -> Result<Self, TurboError> {
        // SAFETY: tj3Init has no preconditions; a null handle is checked below.
        let handle = unsafe { raw::tj3Init(raw::TJINIT_TJINIT_DECOMPRESS as c_int) };
        if handle.is_null() {
            return Err(TurboError {
                message: "libjpeg-turbo could not start a decompressor".into(),
                warning: false,
            });
        }
        let mut this = Decompressor { handle };
        let max_pixels = c_int::try_from(max_pixels).unwrap_or(c_int::MAX);
        let max_memory_mb = c_int::try_from(max_memory_mb).unwrap_or(c_int::MAX);
        this.set(raw::TJPARAM_TJPARAM_MAXPIXELS, max_pixels)?;
        this.set(raw::TJPARAM_TJPARAM_MAXMEMORY, max_memory_mb)?;
        this.set(raw::TJPARAM_TJPARAM_SCANLIMIT, 500)?;
        // libjpeg-turbo's fast paths: chroma upsampled by replication (merged with the
        // colour conversion) instead of the triangle filter. The photo is downscaled at
        // least 2× right after, which hides the difference (the bench prints the PSNR).
        this.set(raw::TJPARAM_TJPARAM_FASTUPSAMPLE, 1)?;
        Ok(this)
    }

    fn set(&mut self, param: raw::TJPARAM, value: c_int) -> Result<(), TurboError> {
        // SAFETY: the handle is valid until drop; tj3Set validates the parameter.
        if unsafe { raw::tj3Set(self.handle, param as c_int, value) } != 0 {
            return Err(self.error());
        }
        Ok(())
    }

    fn get(&mut self, param: raw::TJPARAM) -> c_int {
        // SAFETY: the handle is valid until drop.
        unsafe { raw::tj3Get(self.handle, param as c_int) }
    }

    fn error(&mut self) -> TurboError {
        // SAFETY: the handle is valid; TurboJPEG returns a NUL-terminated string that lives in
        // the handle until the next call, and we copy it out at once.
        let (message, code) = unsafe {
            let text = CStr::from_ptr(raw::tj3GetErrorStr(self.handle));
            (
                text.to_string_lossy().into_owned(),
                raw::tj3GetErrorCode(self.handle),
            )
        };
        TurboError {
            message,
            warning: code == raw::TJERR_TJERR_WARNING as c_int,
        }
    }

    /// Reads the header only: no pixel is decoded and nothing large is allocated.
    pub fn read_header(&mut self, jpeg: &[u8]) -> Result<JpegHeader, TurboError> {
        // SAFETY: the pointer and length describe a live slice for the whole call.
        let rc = unsafe { raw::tj3DecompressHeader(self.handle, jpeg.as_ptr(), jpeg.len() as _) };
        if rc != 0 {
            return Err(self.error());
        }
        Ok(JpegHeader {
            width: self.get(raw::TJPARAM_TJPARAM_JPEGWIDTH).max(0) as usize,
            height: self.get(raw::TJPARAM_TJPARAM_JPEGHEIGHT).max(0) as usize,
            progressive: self.get(raw::TJPARAM_TJPARAM_PROGRESSIVE) != 0,
            lossless: self.get(raw::TJPARAM_TJPARAM_LOSSLESS) != 0,
            precision: self.get(raw::TJPARAM_TJPARAM_PRECISION),
            colorspace: self.get(raw::TJPARAM_TJPARAM_COLORSPACE),
        })
    }

    /// Decodes to packed RGB at `1/denom` scale (denom 1, 2, 4 or 8). `read_header` must have
    /// been called on the same data first. Returns the decoded width, height and pixels.
    /// Any warning (truncated or corrupt data) is an error: the pixels would be partly grey.
    pub fn decode_rgb(
        &mut self,
        jpeg: &[u8],
        header: &JpegHeader,
        denom: usize,
    ) -> Result<(usize, usize, Vec<u8>), TurboError> {
        let factor = raw::tjscalingfactor {
            num: 1,
            denom: denom as c_int,
        };
        // SAFETY: the handle is valid; TurboJPEG checks the factor against its list.
        if unsafe { raw::tj3SetScalingFactor(self.handle, factor) } != 0 {
            return Err(self.error());
        }
        // TJSCALED: ceil(dimension * num / denom).
        let width = header.width.div_ceil(denom);
        let height = header.height.div_ceil(denom);
        let pitch = width * 3;
        let mut pixels = vec![0u8; pitch * height];
        // SAFETY: `pixels` holds exactly pitch × height bytes, which is what TurboJPEG writes
        // for this header and scaling factor (checked by the header read just before).
        let rc = unsafe {
            raw::tj3Decompress8(
                self.handle,
                jpeg.as_ptr(),
                jpeg.len() as _,
                pixels.as_mut_ptr(),
                pitch as c_int,
                raw::TJPF_TJPF_RGB as c_int,
            )
        };
        if rc != 0 {
            return Err(self.error());
        }
        Ok((width, height, pixels))
    }
}

impl Drop for Decompressor {
    fn drop(&mut self) {
        // SAFETY: the handle came from tj3Init and is destroyed once.
        unsafe { raw::tj3Destroy(self.handle) }
    }
}
