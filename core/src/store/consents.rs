//! Consents (personal-information use, credit inquiry) with their encrypted signature images.

use super::encrypted_file::{DecryptingReader, FileKey, random_id};
use super::error::{StoreError, StoreResult};
use super::household_rows::{household_ref, not_allowed};
use super::{AuditKind, Store};
use crate::model::{HouseholdId, known_consent_text};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::fs::File;
use std::io::Read;

pub use crate::model::ConsentKind;

/// A signed consent as captured at the door.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentInput {
    pub kind: ConsentKind,
    /// Version and SHA-256 of the consent text the resident signed.
    pub text_version: String,
    pub text_sha256: String,
    /// The member who signed.
    pub signer: String,
    /// RFC 3339.
    pub signed_at: String,
    pub place: Option<String>,
    pub grid_manager: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ConsentId(pub String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentRecord {
    pub id: ConsentId,
    #[serde(flatten)]
    pub input: ConsentInput,
    /// SHA-256 of the signature image.
    pub signature_sha256: String,
    pub added_at: String,
}

fn consent_from_row(r: &Row) -> rusqlite::Result<ConsentRecord> {
    let kind: String = r.get(1)?;
    Ok(ConsentRecord {
        id: ConsentId(r.get(0)?),
        input: ConsentInput {
            kind: ConsentKind::parse(&kind).unwrap_or(ConsentKind::PersonalInfo),
            text_version: r.get(2)?,
            text_sha256: r.get(3)?,
            signer: r.get(4)?,
            signed_at: r.get(5)?,
            place: r.get(6)?,
            grid_manager: r.get(7)?,
        },
        signature_sha256: r.get(8)?,
        added_at: r.get(9)?,
    })
}

impl Store {
    /// Records a signed consent; the signature image is encrypted into its own file first.
    pub fn add_consent(
        &mut self,
        id: &HouseholdId,
        consent: &ConsentInput,
        signature_image: &mut dyn Read,
    ) -> StoreResult<ConsentId> {
        let (_, state) = household_ref(self.conn(), id)?;
        if !state.is_open() {
            return Err(not_allowed(id, &state, "consents can no longer be added"));
        }
        if known_consent_text(consent.kind, &consent.text_version, &consent.text_sha256).is_none() {
            return Err(StoreError::InvalidInput(format!(
                "the signed {} text (version {}) is not one this Cunxin ships; show the resident the current text and sign again",
                consent.kind.as_str(),
                consent.text_version.escape_debug()
            )));
        }
        let file = self.vault().write(signature_image)?;
        if file.plaintext_len == 0 {
            let _ = self.vault().delete(std::slice::from_ref(&file.name));
            return Err(StoreError::InvalidInput(
                "the signature image is empty; take the signature again".into(),
            ));
        }
        let consent_id = ConsentId(random_id()?);
        let recorded = self.write(|tx| {
            let (hid, state) = household_ref(tx, id)?;
            if !state.is_open() {
                return Err(not_allowed(id, &state, "consents can no longer be added"));
            }
            tx.execute(
                "INSERT INTO consents (consent_id, hid, kind, text_version, text_sha256, signer,
                     signed_at, place, grid_manager, signature_sha256, signature_file,
                     signature_key, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    consent_id.0,
                    hid,
                    consent.kind.as_str(),
                    consent.text_version,
                    consent.text_sha256,
                    consent.signer,
                    consent.signed_at,
                    consent.place,
                    consent.grid_manager,
                    file.sha256,
                    file.name,
                    file.key.as_bytes(),
                    tx.at(),
                ],
            )?;
            // A signature replaces an earlier refusal of the same consent.
            tx.execute(
                "DELETE FROM consent_refusals WHERE hid = ?1 AND kind = ?2",
                params![hid, consent.kind.as_str()],
            )?;
            tx.audit(
                AuditKind::ConsentAdded,
                Some(hid),
                json!({
                    "consent": consent_id.0,
                    "kind": consent.kind.as_str(),
                    "text_version": consent.text_version,
                    "text_sha256": consent.text_sha256,
                }),
            )?;
            Ok(())
        });
        if let Err(e) = recorded {
            let _ = self.vault().delete(std::slice::from_ref(&file.name));
            return Err(e);
        }
        Ok(consent_id)
    }

    /// A household's consents in the order signed.
    pub fn consents(&self, id: &HouseholdId) -> StoreResult<Vec<ConsentRecord>> {
        let (hid, _) = household_ref(self.conn(), id)?;
        self.consents_of(hid)
    }

    pub(crate) fn consents_of(&self, hid: i64) -> StoreResult<Vec<ConsentRecord>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT consent_id, kind, text_version, text_sha256, signer, signed_at, place,
                    grid_manager, signature_sha256, added_at
             FROM consents WHERE hid = ?1 ORDER BY added_at, consent_id",
        )?;
        let rows = stmt.query_map([hid], consent_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Streams a consent's signature image, decrypting as it is read.
    pub fn open_signature(&self, consent: &ConsentId) -> StoreResult<DecryptingReader<File>> {
        let row = self
            .conn()
            .query_row(
                "SELECT signature_file, signature_key FROM consents WHERE consent_id = ?1",
                [&consent.0],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?)),
            )
            .optional()?;
        let (name, mut key) =
            row.ok_or_else(|| StoreError::NotFound("there is no such consent".into()))?;
        let file_key = FileKey::from_slice(&key);
        zeroize::Zeroize::zeroize(&mut key);
        self.vault().open(&name, &file_key?)
    }
}
