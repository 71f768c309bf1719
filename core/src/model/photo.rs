//! Photo vocabulary shared by the pipeline, the store and capture: kinds, location and
//! what the pipeline knows about a photo.

use serde::{Deserialize, Serialize};

/// What a photo shows (domain spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PhotoKind {
    House,
    IdFront,
    IdBack,
    Portrait,
    PropertyCertificate,
    LandCertificate,
    BusinessLicense,
    Other,
}

impl PhotoKind {
    pub const ALL: [PhotoKind; 8] = [
        PhotoKind::House,
        PhotoKind::IdFront,
        PhotoKind::IdBack,
        PhotoKind::Portrait,
        PhotoKind::PropertyCertificate,
        PhotoKind::LandCertificate,
        PhotoKind::BusinessLicense,
        PhotoKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PhotoKind::House => "house",
            PhotoKind::IdFront => "id_front",
            PhotoKind::IdBack => "id_back",
            PhotoKind::Portrait => "portrait",
            PhotoKind::PropertyCertificate => "property_certificate",
            PhotoKind::LandCertificate => "land_certificate",
            PhotoKind::BusinessLicense => "business_license",
            PhotoKind::Other => "other",
        }
    }

    /// ID cards, certificates and licences share one printed layout, so their photos look
    /// alike from household to household: resemblance between two households' documents
    /// is not a sign of a reused photo.
    pub fn is_printed_document(self) -> bool {
        matches!(
            self,
            PhotoKind::IdFront
                | PhotoKind::IdBack
                | PhotoKind::PropertyCertificate
                | PhotoKind::LandCertificate
                | PhotoKind::BusinessLicense
        )
    }

    pub fn parse(text: &str) -> Option<PhotoKind> {
        PhotoKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GeoPoint {
    pub latitude: f64,
    pub longitude: f64,
    /// Horizontal accuracy in metres, when the device reports it.
    pub accuracy_m: Option<f64>,
}

/// What the photo pipeline knows about a photo; the store adds the content hash and files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoMeta {
    pub kind: PhotoKind,
    /// SHA-256 of the camera's original file.
    pub source_sha256: String,
    /// 64-bit perceptual hash of the normalized image (near-duplicate detection).
    pub phash: u64,
    pub width: u32,
    pub height: u32,
    pub thumb_width: u32,
    pub thumb_height: u32,
    /// RFC 3339 capture time, when known.
    pub captured_at: Option<String>,
    pub location: Option<GeoPoint>,
    /// The grid manager who took it.
    pub taken_by: String,
    /// Quality checks that flagged the photo (e.g. blurry, dark).
    pub quality_flags: Vec<String>,
    /// Why a flagged photo was kept anyway.
    pub override_reason: Option<String>,
}

/// The photos a visit must have for an applicant type: the house, both sides of the ID
/// card and a portrait; a business also its licence.
pub fn required_photo_kinds(applicant: super::ApplicantType) -> &'static [PhotoKind] {
    match applicant {
        super::ApplicantType::Household => &[
            PhotoKind::House,
            PhotoKind::IdFront,
            PhotoKind::IdBack,
            PhotoKind::Portrait,
        ],
        super::ApplicantType::Business => &[
            PhotoKind::House,
            PhotoKind::IdFront,
            PhotoKind::IdBack,
            PhotoKind::Portrait,
            PhotoKind::BusinessLicense,
        ],
    }
}
