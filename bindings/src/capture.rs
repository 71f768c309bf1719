//! The camera's photo into the store: the app passes the camera file's path, never bytes.

use crate::error::ApiResult;
use crate::store::Store;
use cunxin_core::capture::{CaptureError, CaptureRequest};
use cunxin_core::model::HouseholdId;
use cunxin_core::model::{GeoPoint, PhotoKind};

/// A stored photo that looks like the new one (a reused photo is a classic fraud).
#[derive(uniffi::Record)]
pub struct SimilarPhoto {
    /// Masked household id.
    pub household: String,
    pub same_household: bool,
    pub distance: u32,
}

/// What became of a photo: stored, or the grid manager is asked to take it again.
#[derive(uniffi::Enum)]
pub enum PhotoCapture {
    Stored {
        photo_id: String,
        sha256: String,
        width: u32,
        height: u32,
        /// Quality flags kept with a reason, and near-duplicate flags.
        flags: Vec<String>,
        similar: Vec<SimilarPhoto>,
    },
    /// Nothing was stored; take it again, or call again with an override reason.
    Retake { flags: Vec<String>, message: String },
}

#[uniffi::export]
impl Store {
    /// Normalizes the camera's photo (orientation, 1600 px or 2000 px for ID cards, watermark,
    /// no EXIF), checks its quality and likeness to stored photos, and stores it encrypted.
    /// The camera's file is deleted afterwards when `delete_camera_file` is set.
    #[allow(clippy::too_many_arguments)] // one call per user action: the capture screen's fields
    pub fn capture_photo(
        &self,
        household: String,
        camera_file: String,
        kind: PhotoKind,
        taken_by: String,
        captured_at: Option<String>,
        latitude: Option<f64>,
        longitude: Option<f64>,
        delete_camera_file: bool,
        override_reason: Option<String>,
    ) -> ApiResult<PhotoCapture> {
        let request = CaptureRequest {
            kind,
            taken_by,
            captured_at,
            location: latitude
                .zip(longitude)
                .map(|(latitude, longitude)| GeoPoint {
                    latitude,
                    longitude,
                    accuracy_m: None,
                }),
            delete_source: delete_camera_file,
            override_reason,
        };
        let result =
            self.store()?
                .capture_photo(&HouseholdId(household), camera_file.as_ref(), &request);
        match result {
            Ok(c) => Ok(PhotoCapture::Stored {
                photo_id: c.photo.0,
                sha256: c.sha256,
                width: c.width,
                height: c.height,
                flags: c.flags,
                similar: c
                    .near_duplicates
                    .into_iter()
                    .map(|d| SimilarPhoto {
                        household: d.household,
                        same_household: d.same_household,
                        distance: d.distance,
                    })
                    .collect(),
            }),
            Err(CaptureError::Retake { flags }) => {
                let message = CaptureError::Retake {
                    flags: flags.clone(),
                }
                .to_string();
                Ok(PhotoCapture::Retake { flags, message })
            }
            Err(CaptureError::Photo(e)) => Err(e.into()),
            Err(CaptureError::Store(e)) => Err(e.into()),
        }
    }
}
