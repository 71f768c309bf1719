//! The encrypted store for the app: one call per user action, photos and signatures passed
//! as file paths (never bytes), the 32-byte key passed once and wiped.

use crate::error::{ApiResult, CunxinError};
use cunxin_core::model::HouseholdId;
use cunxin_core::store::{
    self as core_store, ChainStatus, ConsentInput, ConsentKind, GeoPoint, PhotoKind, PhotoMeta,
    StoreError, StoreKey,
};
use std::sync::{Arc, Mutex, MutexGuard};

impl From<StoreError> for CunxinError {
    fn from(e: StoreError) -> Self {
        let message = e.to_string();
        match e {
            StoreError::WrongKey(_) => CunxinError::WrongKey(message),
            StoreError::NoStore(_) | StoreError::NotFound(_) => CunxinError::NotFound(message),
            StoreError::InvalidInput(_)
            | StoreError::NotAllowed(_)
            | StoreError::AlreadyExists(_) => CunxinError::InvalidInput(message),
            _ => CunxinError::Storage(message),
        }
    }
}

/// One line of the grid manager's list (masked).
#[derive(uniffi::Record)]
pub struct HouseholdLine {
    pub id: String,
    pub town: String,
    pub village: String,
    pub group: String,
    /// imported, reviewed, in_progress, finalized, sealed, uploaded, purged, not_home,
    /// declined or ineligible.
    pub state: String,
    pub head_name_masked: String,
    pub head_id_masked: String,
    pub members: u32,
    pub photos: u32,
    pub receipt: Option<String>,
}

#[derive(uniffi::Record)]
pub struct RosterImportResult {
    pub inserted: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Households already visited, which the roster did not overwrite (masked ids).
    pub skipped_visited: Vec<String>,
    /// Rows with errors, not imported (see `check_roster_file` for the report).
    pub error_rows: u32,
    pub warnings: u32,
}

#[derive(uniffi::Record)]
pub struct DraftResult {
    pub revision: u32,
    pub changed_fields: Vec<String>,
}

/// What the photo pipeline knows about a photo.
#[derive(uniffi::Record)]
pub struct PhotoInfo {
    pub kind: PhotoKind,
    pub source_sha256: String,
    pub phash: u64,
    pub width: u32,
    pub height: u32,
    pub thumb_width: u32,
    pub thumb_height: u32,
    pub captured_at: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub accuracy_m: Option<f64>,
    pub taken_by: String,
    pub quality_flags: Vec<String>,
    pub override_reason: Option<String>,
}

#[derive(uniffi::Record)]
pub struct ConsentInfo {
    pub kind: ConsentKind,
    pub text_version: String,
    pub text_sha256: String,
    pub signer: String,
    pub signed_at: String,
    pub place: Option<String>,
    pub grid_manager: String,
}

#[derive(uniffi::Record)]
pub struct PurgeResult {
    pub household: String,
    pub receipt: String,
    pub files_destroyed: u32,
}

#[derive(uniffi::Record)]
pub struct ChainCheck {
    pub intact: bool,
    pub events: u64,
    pub broken_at: Option<u64>,
    pub reason: Option<String>,
}

/// An open encrypted store. Calls are serialized; the object may be shared across threads.
#[derive(uniffi::Object)]
pub struct Store {
    inner: Mutex<core_store::Store>,
}

fn key(bytes: Vec<u8>) -> ApiResult<StoreKey> {
    StoreKey::from_vec(bytes).map_err(|e| CunxinError::InvalidInput(e.to_string()))
}

impl Store {
    pub(crate) fn store(&self) -> ApiResult<MutexGuard<'_, core_store::Store>> {
        self.inner.lock().map_err(|_| {
            CunxinError::Internal(
                "the store stopped after an earlier failure; open it again".into(),
            )
        })
    }

    fn wrap(store: core_store::Store) -> Arc<Self> {
        Arc::new(Store {
            inner: Mutex::new(store),
        })
    }
}

#[uniffi::export]
impl Store {
    /// Creates a new store in `dir` with the 32-byte key (the app keeps it wrapped by the
    /// Android Keystore). The key bytes are wiped after use.
    #[uniffi::constructor]
    pub fn create(dir: String, key_bytes: Vec<u8>) -> ApiResult<Arc<Self>> {
        let key = key(key_bytes)?;
        Ok(Self::wrap(core_store::Store::create(dir.as_ref(), &key)?))
    }

    /// Opens an existing store. A wrong key is `WrongKey` and changes nothing.
    #[uniffi::constructor]
    pub fn open(dir: String, key_bytes: Vec<u8>) -> ApiResult<Arc<Self>> {
        let key = key(key_bytes)?;
        Ok(Self::wrap(core_store::Store::open(dir.as_ref(), &key)?))
    }

    /// The signed-in grid manager; audit events carry the name.
    pub fn set_operator(&self, name: String) -> ApiResult<()> {
        Ok(self.store()?.set_operator(&name)?)
    }

    /// Checks a roster file (CSV or XLSX) and loads its usable households.
    pub fn import_roster(&self, path: String) -> ApiResult<RosterImportResult> {
        let imported = self.store()?.import_roster_file(path.as_ref())?;
        let (report, summary) = (imported.check, imported.imported);
        Ok(RosterImportResult {
            inserted: summary.inserted as u32,
            updated: summary.updated as u32,
            unchanged: summary.unchanged as u32,
            skipped_visited: summary.skipped_visited,
            error_rows: report.errors.len() as u32,
            warnings: report.warnings.len() as u32,
        })
    }

    pub fn list_households(&self) -> ApiResult<Vec<HouseholdLine>> {
        let list = self.store()?.list_households()?;
        Ok(list
            .into_iter()
            .map(|h| HouseholdLine {
                id: h.id,
                town: h.town,
                village: h.village,
                group: h.group,
                state: h.state.name().to_string(),
                head_name_masked: h.head_name_masked,
                head_id_masked: h.head_id_masked,
                members: h.members,
                photos: h.photos,
                receipt: h.receipt,
            })
            .collect())
    }

    /// Saves the visit's facts (a JSON object, fact id → value) as the draft. Call on every
    /// edit; it takes well under a millisecond.
    pub fn save_draft(&self, household: String, facts_json: String) -> ApiResult<DraftResult> {
        let facts: cunxin_core::scoring::Facts =
            serde_json::from_str(&facts_json).map_err(|_| {
                CunxinError::InvalidInput(
                    "the facts must be a JSON object of fact id → value".into(),
                )
            })?;
        let saved = self.store()?.save_draft(&HouseholdId(household), &facts)?;
        Ok(DraftResult {
            revision: saved.revision,
            changed_fields: saved.changed_fields,
        })
    }

    /// Stores a normalized photo and its thumbnail from the files the photo pipeline wrote;
    /// they are encrypted into the store (streaming). Returns the photo's id.
    pub fn add_photo(
        &self,
        household: String,
        jpeg_path: String,
        thumbnail_path: String,
        info: PhotoInfo,
    ) -> ApiResult<String> {
        let meta = PhotoMeta {
            kind: info.kind,
            source_sha256: info.source_sha256,
            phash: info.phash,
            width: info.width,
            height: info.height,
            thumb_width: info.thumb_width,
            thumb_height: info.thumb_height,
            captured_at: info.captured_at,
            location: info
                .latitude
                .zip(info.longitude)
                .map(|(latitude, longitude)| GeoPoint {
                    latitude,
                    longitude,
                    accuracy_m: info.accuracy_m,
                }),
            taken_by: info.taken_by,
            quality_flags: info.quality_flags,
            override_reason: info.override_reason,
        };
        let id = self.store()?.add_photo_files(
            &HouseholdId(household),
            &meta,
            jpeg_path.as_ref(),
            thumbnail_path.as_ref(),
        )?;
        Ok(id.0)
    }

    /// Records a signed consent with its signature image file. Returns the consent's id.
    pub fn add_consent(
        &self,
        household: String,
        consent: ConsentInfo,
        signature_path: String,
    ) -> ApiResult<String> {
        let mut file = std::fs::File::open(&signature_path)
            .map_err(|_| CunxinError::NotFound("the signature image file does not exist".into()))?;
        let input = ConsentInput {
            kind: consent.kind,
            text_version: consent.text_version,
            text_sha256: consent.text_sha256,
            signer: consent.signer,
            signed_at: consent.signed_at,
            place: consent.place,
            grid_manager: consent.grid_manager,
        };
        let id = self
            .store()?
            .add_consent(&HouseholdId(household), &input, &mut file)?;
        Ok(id.0)
    }

    /// Finalizes the visit (atomic, synced). Returns the facts revision.
    pub fn finalize(&self, household: String) -> ApiResult<u32> {
        Ok(self.store()?.finalize(&HouseholdId(household))?)
    }

    /// Opens a finalized household again for a correction (e.g. the platform returned it),
    /// with the reason for the audit trail. Returns the new draft's revision.
    pub fn reopen(&self, household: String, reason: String) -> ApiResult<u32> {
        Ok(self.store()?.reopen(&HouseholdId(household), &reason)?)
    }

    /// Removes an uploaded household's personal data and photo files from the device.
    pub fn purge(&self, household: String) -> ApiResult<PurgeResult> {
        let purged = self.store()?.purge(&HouseholdId(household))?;
        Ok(PurgeResult {
            household: purged.household,
            receipt: purged.receipt,
            files_destroyed: purged.files_destroyed as u32,
        })
    }

    /// Verifies the audit hash chain.
    pub fn verify_chain(&self) -> ApiResult<ChainCheck> {
        Ok(match self.store()?.verify_chain()? {
            ChainStatus::Intact { events, .. } => ChainCheck {
                intact: true,
                events,
                broken_at: None,
                reason: None,
            },
            ChainStatus::Broken { at_seq, reason } => ChainCheck {
                intact: false,
                events: 0,
                broken_at: Some(at_seq),
                reason: Some(reason),
            },
        })
    }

    /// Changes the store's key (crash-safe). Keep the new key as pending in the Keystore
    /// before calling; after a crash, open with the current key, then with the pending one.
    pub fn rekey(&self, new_key_bytes: Vec<u8>) -> ApiResult<()> {
        let new_key = key(new_key_bytes)?;
        Ok(self.store()?.rekey(&new_key)?)
    }
}
