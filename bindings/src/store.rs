//! The encrypted store for the app: one call per user action, photos and signatures passed
//! as file paths (never bytes), the 32-byte key passed once and wiped.

use crate::error::{ApiResult, CunxinError};
use crate::facts::{FactValue, from_facts, to_facts};
use cunxin_core::error::ErrorCode;
use cunxin_core::model::HouseholdId;
use cunxin_core::store::{
    self as core_store, ChainStatus, ConsentInput, ConsentKind, GeoPoint, PhotoKind, PhotoMeta,
    StoreKey,
};
use cunxin_core::store::{DraftSaved, HouseholdSummary};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

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

/// An open encrypted store. Calls are serialized; the object may be shared across threads.
#[derive(uniffi::Object)]
pub struct Store {
    pub(crate) inner: Mutex<core_store::Store>,
}

fn key(bytes: Vec<u8>) -> ApiResult<StoreKey> {
    Ok(StoreKey::from_vec(bytes)?)
}

impl Store {
    pub(crate) fn store(&self) -> ApiResult<MutexGuard<'_, core_store::Store>> {
        // Every write is a transaction, so a panic in an earlier call left nothing half done.
        Ok(self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()))
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

    /// The grid manager's list, masked.
    pub fn list_households(&self) -> ApiResult<Vec<HouseholdSummary>> {
        Ok(self.store()?.list_households()?)
    }

    /// The lines of the given households only (a search's hits), in the order given.
    pub fn household_summaries(&self, households: Vec<String>) -> ApiResult<Vec<HouseholdSummary>> {
        let ids: Vec<HouseholdId> = households.into_iter().map(HouseholdId).collect();
        Ok(self.store()?.household_summaries(&ids)?)
    }

    /// Saves the visit's facts (fact id → value) as the draft. Call on every edit; it takes
    /// well under a millisecond.
    pub fn save_draft(
        &self,
        household: String,
        facts: HashMap<String, FactValue>,
    ) -> ApiResult<DraftSaved> {
        let facts = to_facts(facts)?;
        Ok(self.store()?.save_draft(&HouseholdId(household), &facts)?)
    }

    /// The household's latest facts (draft or final); empty before the first edit.
    pub fn household_facts(&self, household: String) -> ApiResult<HashMap<String, FactValue>> {
        let record = self.store()?.household(&HouseholdId(household))?;
        Ok(record.facts.map(from_facts).unwrap_or_default())
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
        let mut file = std::fs::File::open(&signature_path).map_err(|_| {
            CunxinError::new(
                ErrorCode::NotFound,
                "the signature image file does not exist",
            )
        })?;
        self.record_consent(household, consent, &mut file)
    }

    /// Records a signed consent with the signature pad's image (PNG bytes: the pad's
    /// strokes never touch the disk in clear). Returns the consent's id.
    pub fn add_consent_image(
        &self,
        household: String,
        consent: ConsentInfo,
        signature_png: Vec<u8>,
    ) -> ApiResult<String> {
        self.record_consent(household, consent, &mut &signature_png[..])
    }
}

impl Store {
    fn record_consent(
        &self,
        household: String,
        consent: ConsentInfo,
        signature: &mut dyn std::io::Read,
    ) -> ApiResult<String> {
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
            .add_consent(&HouseholdId(household), &input, signature)?;
        Ok(id.0)
    }
}

#[uniffi::export]
impl Store {
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
    pub fn verify_chain(&self) -> ApiResult<ChainStatus> {
        Ok(self.store()?.verify_chain()?)
    }

    /// Changes the store's key (crash-safe). Keep the new key as pending in the Keystore
    /// before calling; after a crash, open with the current key, then with the pending one.
    pub fn rekey(&self, new_key_bytes: Vec<u8>) -> ApiResult<()> {
        let new_key = key(new_key_bytes)?;
        Ok(self.store()?.rekey(&new_key)?)
    }
}

/// How the store in `dir` is unlocked: none there yet, a raw key, or a passphrase (with the
/// failures so far and the seconds before the next try).
#[uniffi::export]
pub fn store_lock(dir: String) -> ApiResult<cunxin_core::store::passphrase::StoreLock> {
    Ok(cunxin_core::store::passphrase::lock_of(dir.as_ref())?)
}

#[uniffi::export]
impl Store {
    /// Creates a store whose random key is wrapped by a key derived from `passphrase`
    /// (Argon2id); for the branch PC, which has no hardware keystore.
    #[uniffi::constructor]
    pub fn create_with_passphrase(dir: String, passphrase: String) -> ApiResult<Arc<Self>> {
        let passphrase = zeroize::Zeroizing::new(passphrase);
        Ok(Self::wrap(core_store::Store::create_with_passphrase(
            dir.as_ref(),
            &passphrase,
        )?))
    }

    /// Opens a passphrase store: `WrongPassphrase`, or `UnlockDelayed` with the seconds to
    /// wait after several wrong tries in a row.
    #[uniffi::constructor]
    pub fn open_with_passphrase(dir: String, passphrase: String) -> ApiResult<Arc<Self>> {
        let passphrase = zeroize::Zeroizing::new(passphrase);
        Ok(Self::wrap(core_store::Store::open_with_passphrase(
            dir.as_ref(),
            &passphrase,
        )?))
    }

    pub fn has_passphrase(&self) -> ApiResult<bool> {
        Ok(self.store()?.has_passphrase())
    }

    /// Changes the passphrase; only the wrapped key is rewritten.
    pub fn change_passphrase(&self, current: String, new: String) -> ApiResult<()> {
        let (current, new) = (
            zeroize::Zeroizing::new(current),
            zeroize::Zeroizing::new(new),
        );
        Ok(self.store()?.change_passphrase(&current, &new)?)
    }

    /// Rotates the store's key under the same passphrase (photos are not re-encrypted).
    pub fn rotate_key_with_passphrase(&self, passphrase: String) -> ApiResult<()> {
        let passphrase = zeroize::Zeroizing::new(passphrase);
        Ok(self.store()?.rotate_key_with_passphrase(&passphrase)?)
    }
}

#[uniffi::export]
impl Store {
    /// The grid manager signed in, if any.
    pub fn operator(&self) -> ApiResult<Option<String>> {
        Ok(self.store()?.operator().map(String::from))
    }

    /// A device setting (the store is encrypted, so values are kept as they are).
    pub fn setting(&self, key: String) -> ApiResult<Option<String>> {
        Ok(self.store()?.setting(&key)?)
    }

    pub fn set_setting(&self, key: String, value: String) -> ApiResult<()> {
        Ok(self.store()?.set_setting(&key, &value)?)
    }
}

/// Checks the bank's age recipients text (`age1…` lines) before it is kept.
#[uniffi::export]
pub fn check_bank_recipients(text: String) -> ApiResult<u32> {
    Ok(cunxin_core::batch::parse_recipients(&text, "the bank's public keys")?.len() as u32)
}

/// Checks the platform's minisign public key text before it is kept.
#[uniffi::export]
pub fn check_platform_key(text: String) -> ApiResult<()> {
    cunxin_core::batch::parse_public_key(&text)?;
    Ok(())
}
