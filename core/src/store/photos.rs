//! Photo records and their encrypted files (the normalized JPEG and its thumbnail).

use super::encrypted_file::{DecryptingReader, FileKey, random_id};
use super::error::{StoreError, StoreResult};
use super::household_rows::{household_ref, not_allowed};
use super::{AuditKind, Store};
use crate::model::HouseholdId;
pub use crate::model::photo::{GeoPoint, PhotoKind, PhotoMeta};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::fs::File;
use std::io::Read;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PhotoId(pub String);

/// A stored photo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhotoRecord {
    pub id: PhotoId,
    pub meta: PhotoMeta,
    /// SHA-256 of the normalized JPEG's bytes (computed by the store while encrypting).
    pub sha256: String,
    pub size: u64,
    pub added_at: String,
    /// The facts revision it was finalized with; None while the visit is open.
    pub revision: Option<u32>,
}

const PHOTO_COLUMNS: &str = "photo_id, kind, sha256, source_sha256, phash, width, height,
    thumb_width, thumb_height, captured_at, latitude, longitude, accuracy_m, taken_by,
    quality_flags, override_reason, size, added_at, revision";

fn photo_from_row(r: &Row) -> rusqlite::Result<PhotoRecord> {
    let kind: String = r.get(1)?;
    let flags: String = r.get(14)?;
    let latitude: Option<f64> = r.get(10)?;
    let longitude: Option<f64> = r.get(11)?;
    Ok(PhotoRecord {
        id: PhotoId(r.get(0)?),
        sha256: r.get(2)?,
        meta: PhotoMeta {
            kind: PhotoKind::parse(&kind).unwrap_or(PhotoKind::Other),
            source_sha256: r.get(3)?,
            phash: r.get::<_, i64>(4)? as u64,
            width: r.get(5)?,
            height: r.get(6)?,
            thumb_width: r.get(7)?,
            thumb_height: r.get(8)?,
            captured_at: r.get(9)?,
            location: latitude
                .zip(longitude)
                .map(|(latitude, longitude)| GeoPoint {
                    latitude,
                    longitude,
                    accuracy_m: r.get(12).ok().flatten(),
                }),
            taken_by: r.get(13)?,
            quality_flags: serde_json::from_str(&flags).unwrap_or_default(),
            override_reason: r.get(15)?,
        },
        size: r.get::<_, i64>(16)? as u64,
        added_at: r.get(17)?,
        revision: r.get(18)?,
    })
}

impl Store {
    /// Stores a photo taken during the visit: the normalized JPEG and its thumbnail are
    /// encrypted into new files (each with its own key) before the record commits, so a
    /// crash leaves either the complete photo or an orphan file removed at the next open.
    pub fn add_photo(
        &mut self,
        id: &HouseholdId,
        meta: &PhotoMeta,
        normalized_jpeg: &[u8],
        thumbnail: &[u8],
    ) -> StoreResult<PhotoId> {
        self.add_photo_from(id, meta, &mut { normalized_jpeg }, &mut { thumbnail })
    }

    /// Like [`Store::add_photo`], streaming from files the pipeline wrote (the app's path):
    /// a large photo is never whole in memory.
    pub fn add_photo_files(
        &mut self,
        id: &HouseholdId,
        meta: &PhotoMeta,
        normalized_jpeg: &std::path::Path,
        thumbnail: &std::path::Path,
    ) -> StoreResult<PhotoId> {
        let open = |path: &std::path::Path| {
            File::open(path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => {
                    StoreError::NotFound(format!("there is no photo file at {}", path.display()))
                }
                _ => StoreError::io(format!("could not read {}", path.display()), e),
            })
        };
        let (mut jpeg, mut thumb) = (open(normalized_jpeg)?, open(thumbnail)?);
        self.add_photo_from(id, meta, &mut jpeg, &mut thumb)
    }

    fn add_photo_from(
        &mut self,
        id: &HouseholdId,
        meta: &PhotoMeta,
        jpeg: &mut dyn Read,
        thumbnail: &mut dyn Read,
    ) -> StoreResult<PhotoId> {
        let (_, state) = household_ref(self.conn(), id)?;
        if !state.is_open() {
            return Err(not_allowed(id, &state, "photos can no longer be added"));
        }
        let photo = self.vault().write(jpeg)?;
        let thumb = match self.vault().write(thumbnail) {
            Ok(thumb) => thumb,
            Err(e) => {
                let _ = self.vault().delete(std::slice::from_ref(&photo.name));
                return Err(e);
            }
        };
        let photo_id = PhotoId(random_id()?);
        let names = [photo.name.clone(), thumb.name.clone()];
        let recorded = self.write(|tx| {
            let (hid, state) = household_ref(tx, id)?;
            if !state.is_open() {
                return Err(not_allowed(id, &state, "photos can no longer be added"));
            }
            tx.prepare_cached(
                "INSERT INTO photos (photo_id, hid, kind, sha256, source_sha256, phash, width,
                     height, thumb_width, thumb_height, captured_at, latitude, longitude,
                     accuracy_m, taken_by, quality_flags, override_reason, size, file_name,
                     file_key, thumb_file_name, thumb_file_key, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
            )?
            .execute(params![
                photo_id.0,
                hid,
                meta.kind.as_str(),
                photo.sha256,
                meta.source_sha256,
                meta.phash as i64,
                meta.width,
                meta.height,
                meta.thumb_width,
                meta.thumb_height,
                meta.captured_at,
                meta.location.map(|l| l.latitude),
                meta.location.map(|l| l.longitude),
                meta.location.and_then(|l| l.accuracy_m),
                meta.taken_by,
                serde_json::to_string(&meta.quality_flags).unwrap_or_else(|_| "[]".into()),
                meta.override_reason,
                photo.plaintext_len as i64,
                photo.name,
                photo.key.as_bytes(),
                thumb.name,
                thumb.key.as_bytes(),
                tx.at(),
            ])?;
            tx.audit(
                AuditKind::PhotoAdded,
                Some(hid),
                json!({ "photo": photo_id.0, "kind": meta.kind.as_str(), "sha256": photo.sha256 }),
            )?;
            Ok(())
        });
        if let Err(e) = recorded {
            let _ = self.vault().delete(&names);
            return Err(e);
        }
        Ok(photo_id)
    }

    /// Removes a photo while the visit is open (e.g. to retake it); its key is destroyed.
    pub fn remove_photo(&mut self, photo: &PhotoId) -> StoreResult<()> {
        let names = self.write(|tx| {
            let row = tx
                .query_row(
                    "SELECT p.hid, h.household_key, p.file_name, p.thumb_file_name
                     FROM photos p JOIN households h ON h.hid = p.hid WHERE p.photo_id = ?1",
                    [&photo.0],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, Option<String>>(1)?,
                            r.get(2)?,
                            r.get(3)?,
                        ))
                    },
                )
                .optional()?;
            let (hid, key, file, thumb): (i64, Option<String>, String, String) =
                row.ok_or_else(|| StoreError::NotFound("there is no such photo".into()))?;
            let id = HouseholdId(key.unwrap_or_default());
            let (_, state) = household_ref(tx, &id)?;
            if !state.is_open() {
                return Err(not_allowed(&id, &state, "its photos can no longer change"));
            }
            tx.execute("DELETE FROM photos WHERE photo_id = ?1", [&photo.0])?;
            tx.audit(
                AuditKind::PhotoRemoved,
                Some(hid),
                json!({ "photo": photo.0 }),
            )?;
            Ok(vec![file, thumb])
        })?;
        self.vault().delete(&names)
    }

    /// Every photo's perceptual hash, for near-duplicate detection across households.
    pub fn photo_phashes(&self) -> StoreResult<Vec<(HouseholdId, PhotoId, u64)>> {
        self.phashes_where("1", [])
    }

    /// The perceptual hashes of the stored photos of one kind.
    pub fn photo_phashes_of_kind(
        &self,
        kind: PhotoKind,
    ) -> StoreResult<Vec<(HouseholdId, PhotoId, u64)>> {
        self.phashes_where("p.kind = ?1", [kind.as_str()])
    }

    fn phashes_where<P: rusqlite::Params>(
        &self,
        condition: &str,
        params: P,
    ) -> StoreResult<Vec<(HouseholdId, PhotoId, u64)>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT h.household_key, p.photo_id, p.phash FROM photos p
             JOIN households h ON h.hid = p.hid
             WHERE h.household_key IS NOT NULL AND {condition}
             ORDER BY p.hid, p.added_at"
        ))?;
        let rows = stmt.query_map(params, |r| {
            Ok((
                HouseholdId(r.get(0)?),
                PhotoId(r.get(1)?),
                r.get::<_, i64>(2)? as u64,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A household's photos in the order taken.
    pub fn photos(&self, id: &HouseholdId) -> StoreResult<Vec<PhotoRecord>> {
        let (hid, _) = household_ref(self.conn(), id)?;
        self.photos_of(hid)
    }

    pub(crate) fn photos_of(&self, hid: i64) -> StoreResult<Vec<PhotoRecord>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {PHOTO_COLUMNS} FROM photos WHERE hid = ?1 ORDER BY added_at, photo_id"
        ))?;
        let rows = stmt.query_map([hid], photo_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Streams a photo's normalized JPEG, decrypting as it is read. A damaged or altered
    /// file fails the read with `InvalidData`.
    pub fn open_photo(&self, photo: &PhotoId) -> StoreResult<DecryptingReader<File>> {
        self.open_photo_file(photo, "file_name", "file_key")
    }

    /// Streams a photo's thumbnail.
    pub fn open_thumbnail(&self, photo: &PhotoId) -> StoreResult<DecryptingReader<File>> {
        self.open_photo_file(photo, "thumb_file_name", "thumb_file_key")
    }

    fn open_photo_file(
        &self,
        photo: &PhotoId,
        name_column: &str,
        key_column: &str,
    ) -> StoreResult<DecryptingReader<File>> {
        let row = self
            .conn()
            .query_row(
                &format!("SELECT {name_column}, {key_column} FROM photos WHERE photo_id = ?1"),
                [&photo.0],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?)),
            )
            .optional()?;
        let (name, mut key) =
            row.ok_or_else(|| StoreError::NotFound("there is no such photo".into()))?;
        let file_key = FileKey::from_slice(&key);
        zeroize::Zeroize::zeroize(&mut key);
        self.vault().open(&name, &file_key?)
    }
}
