//! A camera photo straight into the store: the app hands over the camera's file path, the
//! pipeline normalizes it (watermarked with time, place, household and grid manager), the
//! quality gate asks for a retake unless the grid manager gives a reason, the pHash is
//! compared with every stored photo (a reused house photo is a classic fraud), and the photo
//! is stored encrypted. No plaintext is written anywhere; the camera's file is deleted only
//! after the store has the photo, and only when asked.

use crate::model::{GeoPoint, HouseholdId, PhotoKind};
use crate::photo::{
    NEAR_DUPLICATE_DISTANCE, PhotoError, PhotoSettings, Watermark, hamming, normalize_file,
};
use crate::store::{PhotoId, Store, StoreError, masked_household};
use std::path::Path;

/// What the grid manager's capture screen sends.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureRequest {
    pub kind: PhotoKind,
    /// The grid manager's code.
    pub taken_by: String,
    /// RFC 3339.
    pub captured_at: Option<String>,
    pub location: Option<GeoPoint>,
    /// Delete the camera's file once the photo is stored.
    pub delete_source: bool,
    /// Why a photo the quality gate flagged is kept anyway.
    pub override_reason: Option<String>,
}

/// A stored photo that looks like the new one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NearDuplicate {
    /// Masked household id (the photo may belong to another household).
    pub household: String,
    pub same_household: bool,
    pub photo: PhotoId,
    /// Differing pHash bits.
    pub distance: u32,
}

/// A photo now in the store.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CapturedPhoto {
    pub photo: PhotoId,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    /// Quality flags (kept with a reason) and near-duplicate flags, as recorded.
    pub flags: Vec<String>,
    pub near_duplicates: Vec<NearDuplicate>,
}

/// Flags recorded on a photo that resembles a stored one.
pub const DUPLICATE_OF_OTHER_HOUSEHOLD: &str = "near_duplicate_other_household";
pub const DUPLICATE_IN_SAME_HOUSEHOLD: &str = "near_duplicate_same_household";

#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// Not a usable photo; nothing was stored and the camera's file is untouched.
    #[error("{0}")]
    Photo(#[from] PhotoError),
    /// The quality gate flagged the photo and no reason was given; nothing was stored.
    #[error(
        "the photo is {}; take it again, or keep it by giving a reason",
        .flags.join(", ")
    )]
    Retake { flags: Vec<String> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// Normalizes the camera's photo at `camera_file` and stores it for the household.
    pub fn capture_photo(
        &mut self,
        id: &HouseholdId,
        camera_file: &Path,
        request: &CaptureRequest,
    ) -> Result<CapturedPhoto, CaptureError> {
        // Fail before the costly pipeline when the household cannot take photos.
        self.household(id)?;
        let settings = PhotoSettings::for_kind(request.kind).with_watermark(Watermark {
            captured_at: request.captured_at.clone(),
            location: request.location,
            household: Some(id.0.clone()),
            grid_manager: Some(request.taken_by.clone()),
        });
        let photo = normalize_file(camera_file, &settings)?;
        let reason = request
            .override_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        if !photo.quality.flags.is_empty() && reason.is_none() {
            return Err(CaptureError::Retake {
                flags: photo.quality.flags.clone(),
            });
        }
        // A house is compared with houses; a document only with the same household's ones.
        let near_duplicates: Vec<NearDuplicate> = self
            .photo_phashes_of_kind(request.kind)?
            .into_iter()
            .filter(|(household, ..)| household == id || !request.kind.is_printed_document())
            .filter_map(|(household, photo_id, phash)| {
                let distance = hamming(photo.phash, phash);
                (distance <= NEAR_DUPLICATE_DISTANCE).then(|| NearDuplicate {
                    household: masked_household(&household),
                    same_household: household == *id,
                    photo: photo_id,
                    distance,
                })
            })
            .collect();
        let mut meta = photo.meta(
            request.kind,
            &request.taken_by,
            request.captured_at.clone(),
            request.location,
        );
        meta.override_reason = reason
            .filter(|_| !photo.quality.flags.is_empty())
            .map(String::from);
        for (same, flag) in [
            (false, DUPLICATE_OF_OTHER_HOUSEHOLD),
            (true, DUPLICATE_IN_SAME_HOUSEHOLD),
        ] {
            if near_duplicates.iter().any(|d| d.same_household == same) {
                meta.quality_flags.push(flag.to_string());
            }
        }
        let stored = self.add_photo(id, &meta, &photo.jpeg, &photo.thumbnail)?;
        if request.delete_source {
            std::fs::remove_file(camera_file).map_err(|e| {
                StoreError::io(
                    "the photo is stored, but the camera's file could not be deleted",
                    e,
                )
            })?;
        }
        Ok(CapturedPhoto {
            photo: stored,
            sha256: photo.sha256,
            width: photo.width,
            height: photo.height,
            flags: meta.quality_flags,
            near_duplicates,
        })
    }
}
