//! `cunxin photo normalize`: the tablet's photo pipeline on one file.

use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Subcommand;
use cunxin_core::fsutil::{Durability, write_atomic};
use cunxin_core::photo::{
    NormalizedPhoto, PhotoError, PhotoSettings, QualityReport, Watermark, normalize_file,
};
use cunxin_core::store::{GeoPoint, PhotoKind};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum PhotoCommand {
    /// Orient, downscale, re-encode, thumbnail, hash and check one photo.
    Normalize(NormalizeArgs),
}

#[derive(clap::Args)]
pub struct NormalizeArgs {
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
    /// The camera's JPEG (or PNG).
    input: PathBuf,
    /// Folder for <sha256>.jpg and <sha256>.thumb.jpg (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// What the photo shows: house, id_front, id_back, portrait, property_certificate,
    /// land_certificate, business_license or other (ID card sides keep 2000 px).
    #[arg(long, default_value = "other", value_parser = parse_kind)]
    kind: PhotoKind,
    /// Household number, for the watermark.
    #[arg(long)]
    household: Option<String>,
    /// Grid-manager code, for the watermark.
    #[arg(long)]
    grid_manager: Option<String>,
    /// Capture time (RFC 3339), for the watermark.
    #[arg(long)]
    captured_at: Option<String>,
    /// Latitude in degrees, for the watermark (with --lon).
    #[arg(long, requires = "lon", allow_negative_numbers = true)]
    lat: Option<f64>,
    /// Longitude in degrees, for the watermark (with --lat).
    #[arg(long, requires = "lat", allow_negative_numbers = true)]
    lon: Option<f64>,
}

fn parse_kind(text: &str) -> Result<PhotoKind, String> {
    PhotoKind::parse(text).ok_or_else(|| {
        let kinds: Vec<&str> = PhotoKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("expected one of {}", kinds.join(", "))
    })
}

/// The contract's JSON.
#[derive(Serialize)]
struct Report<'a> {
    sha256: &'a str,
    source_sha256: &'a str,
    width: u32,
    height: u32,
    thumb_width: u32,
    thumb_height: u32,
    phash: String,
    quality: &'a QualityReport,
    /// Additions to the contract: where the files went and what was applied.
    kind: &'static str,
    orientation: u16,
    jpeg_bytes: usize,
    thumb_bytes: usize,
    path: String,
    thumb_path: String,
}

impl PhotoCommand {
    pub fn run(self) -> CmdResult {
        let PhotoCommand::Normalize(args) = self;
        args.run()
    }
}

impl NormalizeArgs {
    fn watermark(&self) -> Option<Watermark> {
        let location = match (self.lat, self.lon) {
            (Some(latitude), Some(longitude)) => Some(GeoPoint {
                latitude,
                longitude,
                accuracy_m: None,
            }),
            _ => None,
        };
        let mark = Watermark {
            captured_at: self.captured_at.clone(),
            location,
            household: self.household.clone(),
            grid_manager: self.grid_manager.clone(),
        };
        (!mark.lines().is_empty()).then_some(mark)
    }

    fn run(self) -> CmdResult {
        if let (Some(lat), Some(lon)) = (self.lat, self.lon)
            && !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
        {
            return Err(Fatal(format!(
                "--lat must be within ±90 and --lon within ±180 degrees (got {lat}, {lon})"
            )));
        }
        let mut settings = PhotoSettings::for_kind(self.kind);
        settings.watermark = self.watermark();
        let photo = match normalize_file(&self.input, &settings) {
            Ok(photo) => photo,
            Err(PhotoError::Unreadable(kind)) => {
                return Err(Fatal(format!(
                    "cannot read {}: {kind}",
                    self.input.display()
                )));
            }
            Err(e) => {
                eprintln!("cunxin: {e}");
                return Ok(Outcome::ProblemsReported);
            }
        };
        let (path, thumb_path) = write_files(&self.out, &photo)?;
        if self.json {
            print_json(&Report {
                sha256: &photo.sha256,
                source_sha256: &photo.source_sha256,
                width: photo.width,
                height: photo.height,
                thumb_width: photo.thumb_width,
                thumb_height: photo.thumb_height,
                phash: photo.phash_hex(),
                quality: &photo.quality,
                kind: self.kind.as_str(),
                orientation: photo.orientation,
                jpeg_bytes: photo.jpeg.len(),
                thumb_bytes: photo.thumbnail.len(),
                path: path.display().to_string(),
                thumb_path: thumb_path.display().to_string(),
            })?;
        } else {
            let q = &photo.quality;
            println!(
                "{}  {}×{} ({} KB), thumbnail {}×{}, pHash {}",
                path.display(),
                photo.width,
                photo.height,
                photo.jpeg.len().div_ceil(1024),
                photo.thumb_width,
                photo.thumb_height,
                photo.phash_hex()
            );
            let flags = if q.flags.is_empty() {
                "none".to_string()
            } else {
                q.flags.join(", ")
            };
            println!(
                "quality flags: {flags} (sharpness {}, mean luma {}, clipped {:.1}%, source {}×{})",
                q.laplacian_variance,
                q.mean_luma,
                q.clipped_share * 100.0,
                q.source_width,
                q.source_height
            );
        }
        Ok(Outcome::Clean)
    }
}

/// Writes both files through a temporary name and a rename, so a folder never holds half a
/// photo under its final, content-addressed name.
fn write_files(dir: &Path, photo: &NormalizedPhoto) -> Result<(PathBuf, PathBuf), Fatal> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Fatal(format!("cannot create {}: {e}", dir.display())))?;
    let path = dir.join(format!("{}.jpg", photo.sha256));
    let thumb_path = dir.join(format!("{}.thumb.jpg", photo.sha256));
    for (target, bytes) in [(&path, &photo.jpeg), (&thumb_path, &photo.thumbnail)] {
        write_atomic(target, bytes, Durability::Renamed)
            .map_err(|e| Fatal(format!("cannot write {}: {e}", target.display())))?;
    }
    Ok((path, thumb_path))
}
