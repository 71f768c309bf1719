//! A household's photos for the screen: kinds, quality flags, override reasons, the
//! decrypted image as bytes (in memory only, never written in clear), and the checklist
//! of required kinds for the applicant type.

use super::error::{StoreError, StoreResult};
use super::{PhotoId, Store};
use crate::model::{ApplicantType, GeoPoint, HouseholdId, PhotoKind, photo::required_photo_kinds};
use crate::scoring::Facts;
use serde::Serialize;
use std::io::Read;

/// Which image of a photo to decrypt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ImageSize {
    /// The small image of lists and grids.
    Thumbnail,
    /// The normalized photo (downscaled, watermarked) for the full screen.
    Display,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PhotoLine {
    pub id: String,
    pub kind: PhotoKind,
    pub width: u32,
    pub height: u32,
    pub captured_at: Option<String>,
    pub location: Option<GeoPoint>,
    pub taken_by: String,
    pub quality_flags: Vec<String>,
    pub override_reason: Option<String>,
    /// The facts revision it was finalized with; None while the visit is open.
    pub revision: Option<u32>,
}

/// One row of the photo checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RequiredPhoto {
    pub kind: PhotoKind,
    pub required: bool,
    pub taken: u32,
}

/// The applicant type the facts record (`applicant_type`), a household when they do not.
pub fn applicant_type_of(facts: Option<&Facts>) -> ApplicantType {
    facts
        .and_then(|f| f.get("applicant_type"))
        .and_then(|v| v.as_str())
        .and_then(ApplicantType::parse)
        .unwrap_or_default()
}

/// The checklist for a set of photo kinds taken.
pub(crate) fn checklist(applicant: ApplicantType, taken: &[PhotoKind]) -> Vec<RequiredPhoto> {
    let required = required_photo_kinds(applicant);
    PhotoKind::ALL
        .into_iter()
        .map(|kind| RequiredPhoto {
            kind,
            required: required.contains(&kind),
            taken: taken.iter().filter(|k| **k == kind).count() as u32,
        })
        .collect()
}

impl Store {
    /// A household's photos in the order taken.
    pub fn photo_lines(&self, id: &HouseholdId) -> StoreResult<Vec<PhotoLine>> {
        Ok(self
            .photos(id)?
            .into_iter()
            .map(|p| PhotoLine {
                id: p.id.0,
                kind: p.meta.kind,
                width: p.meta.width,
                height: p.meta.height,
                captured_at: p.meta.captured_at,
                location: p.meta.location,
                taken_by: p.meta.taken_by,
                quality_flags: p.meta.quality_flags,
                override_reason: p.meta.override_reason,
                revision: p.revision,
            })
            .collect())
    }

    /// The decrypted image as bytes, for the screen only (nothing is written to disk).
    /// A damaged or altered file is refused.
    pub fn photo_image(&self, photo: &PhotoId, size: ImageSize) -> StoreResult<Vec<u8>> {
        let mut reader = match size {
            ImageSize::Thumbnail => self.open_thumbnail(photo)?,
            ImageSize::Display => self.open_photo(photo)?,
        };
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|_| {
            StoreError::Damaged(
                "a stored photo cannot be decrypted (damaged or altered); retake it".into(),
            )
        })?;
        Ok(bytes)
    }

    /// Every photo kind with whether the applicant type requires it and how many are
    /// taken. The applicant type is the facts' `applicant_type` unless given.
    pub fn photo_checklist(
        &self,
        id: &HouseholdId,
        applicant: Option<ApplicantType>,
    ) -> StoreResult<Vec<RequiredPhoto>> {
        let record = self.household(id)?;
        let applicant = applicant.unwrap_or_else(|| applicant_type_of(record.facts.as_ref()));
        let taken: Vec<PhotoKind> = record.photos.iter().map(|p| p.meta.kind).collect();
        Ok(checklist(applicant, &taken))
    }
}
