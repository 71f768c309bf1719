//! What the photo, consent and finalize screens show: thin doors onto the core's use cases
//! (`photo_views`, `checklist`, the shipped consent texts). Display images cross as bytes;
//! nothing decrypted touches the disk.

use crate::error::ApiResult;
use crate::scoring::scorecard;
use crate::store::{ConsentInfo, Store};
use cunxin_core::model::{CONSENT_TEXTS, ConsentKind, HouseholdId};
use cunxin_core::store::{
    ConsentRefusal, FinalizeChecklist, ImageSize, PhotoId, PhotoLine, RequiredPhoto,
};

/// A consent text this Cunxin ships: what the resident reads and signs.
#[derive(uniffi::Record)]
pub struct ShippedConsentText {
    pub kind: ConsentKind,
    pub version: String,
    pub sha256: String,
    /// The zh-CN text, then the English after a `=== English ===` line.
    pub text: String,
}

/// The consent texts this build ships, oldest first (the last of a kind is the one in force).
#[uniffi::export]
pub fn consent_texts() -> Vec<ShippedConsentText> {
    CONSENT_TEXTS
        .iter()
        .map(|t| ShippedConsentText {
            kind: t.kind,
            version: t.version.to_string(),
            sha256: t.sha256.to_string(),
            text: t.file.to_string(),
        })
        .collect()
}

#[uniffi::export]
impl Store {
    /// A household's photos in the order taken.
    pub fn photo_lines(&self, household: String) -> ApiResult<Vec<PhotoLine>> {
        Ok(self.store()?.photo_lines(&HouseholdId(household))?)
    }

    /// A photo decrypted for the screen (thumbnail or display size), as JPEG bytes.
    pub fn photo_image(&self, photo: String, size: ImageSize) -> ApiResult<Vec<u8>> {
        Ok(self.store()?.photo_image(&PhotoId(photo), size)?)
    }

    /// Every photo kind: required for this household's applicant type, and how many taken.
    pub fn photo_checklist(&self, household: String) -> ApiResult<Vec<RequiredPhoto>> {
        Ok(self
            .store()?
            .photo_checklist(&HouseholdId(household), None)?)
    }

    /// What the household still needs before it can be finalized with the scorecard.
    pub fn finalize_checklist(
        &self,
        household: String,
        scorecard_name: String,
    ) -> ApiResult<FinalizeChecklist> {
        let card = scorecard(&scorecard_name)?;
        Ok(self
            .store()?
            .finalize_checklist(&HouseholdId(household), &card)?)
    }

    /// The consents the household has signed.
    pub fn consents(&self, household: String) -> ApiResult<Vec<ConsentInfo>> {
        Ok(self
            .store()?
            .consents(&HouseholdId(household))?
            .into_iter()
            .map(|c| ConsentInfo {
                kind: c.input.kind,
                text_version: c.input.text_version,
                text_sha256: c.input.text_sha256,
                signer: c.input.signer,
                signed_at: c.input.signed_at,
                place: c.input.place,
                grid_manager: c.input.grid_manager,
            })
            .collect())
    }

    /// Records that the resident refused consent `kind`, with their reason (replaced by a
    /// later signature; refused where the consent is already signed).
    pub fn refuse_consent(
        &self,
        household: String,
        kind: ConsentKind,
        signer: String,
        reason: String,
    ) -> ApiResult<()> {
        Ok(self
            .store()?
            .refuse_consent(&HouseholdId(household), kind, &signer, &reason)?)
    }

    /// The consents the resident refused, by kind.
    pub fn consent_refusals(&self, household: String) -> ApiResult<Vec<ConsentRefusal>> {
        Ok(self.store()?.consent_refusals(&HouseholdId(household))?)
    }
}
