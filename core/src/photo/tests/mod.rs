//! Photo pipeline tests on images made here (and Debian's wallpaper photographs when
//! installed): sizes, orientation, no EXIF out, stable hashes, quality flags, near-duplicates,
//! watermark, hostile input and a bounded fuzz run.
//!
//! Sizes are picked for the dev profile, where fast_image_resize's generic code is compiled
//! unoptimized inside this crate (about 3 s for one 2000→1600 px Lanczos): most sources are
//! 3200×2400, which libjpeg-turbo decodes at 1/2 straight to 1600×1200, or 1600×1200, so
//! only the thumbnail is resized. `cargo test --release` runs the same tests in seconds.

mod duplicates;
mod fixtures;
mod fuzz;
mod hostile;
mod orientation;
mod pipeline;
mod quality;
mod watermark;
