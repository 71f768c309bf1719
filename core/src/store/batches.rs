//! Sealing finalized households into batches, receipts from the platform, and the purge
//! that follows a receipt.

use super::error::{StoreError, StoreResult, masked_household};
use super::household_rows::{household_ref, not_allowed, parse_state, set_state};
use super::{AuditKind, ChainHead, Store, audit};
use crate::model::{HouseholdId, LifecycleState};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The platform's receipt for an uploaded batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptInput {
    pub receipt_id: String,
    /// RFC 3339.
    pub received_at: String,
    /// The receipt as the platform sent it (kept after purge as the proof of hand-over).
    pub body: String,
}

/// What a purge removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeSummary {
    /// The masked id left on the device.
    pub household: String,
    pub receipt: String,
    /// Photos and signatures whose keys were destroyed and files deleted.
    pub files_destroyed: usize,
}

impl Store {
    /// Marks finalized households as sealed into `batch_id`, synced to disk. Returns the
    /// audit chain's head after sealing.
    pub fn mark_sealed(
        &mut self,
        batch_id: &str,
        households: &[HouseholdId],
    ) -> StoreResult<ChainHead> {
        self.mark_sealed_with_settings(batch_id, households, &[])
    }

    /// Marks finalized households as sealed into `batch_id`, synced to disk, and writes
    /// `settings` (the batch's manifest hash, the device's last batch id) in the same
    /// transaction: a crash leaves the households sealed with their batch's chain recorded,
    /// or neither. Returns the audit chain's head after sealing (the batch may carry it as
    /// the device's anchor).
    pub fn mark_sealed_with_settings(
        &mut self,
        batch_id: &str,
        households: &[HouseholdId],
        settings: &[(&str, &str)],
    ) -> StoreResult<ChainHead> {
        if households.is_empty() {
            return Err(StoreError::InvalidInput(
                "a batch needs at least one household".into(),
            ));
        }
        self.write_durable(|tx| {
            let exists: Option<String> = tx
                .query_row(
                    "SELECT status FROM batches WHERE batch_id = ?1",
                    [batch_id],
                    |r| r.get(0),
                )
                .optional()?;
            if exists.is_some() {
                return Err(StoreError::InvalidInput(format!(
                    "batch {batch_id} was already sealed; give the new batch its own id"
                )));
            }
            let mut hids = Vec::with_capacity(households.len());
            for id in households {
                let (hid, state) = household_ref(tx, id)?;
                let sealed = state
                    .transition(LifecycleState::Sealed {
                        batch: batch_id.to_string(),
                    })
                    .map_err(|_| {
                        not_allowed(id, &state, "only finalized households can be sealed")
                    })?;
                set_state(tx, hid, &sealed)?;
                tx.audit(AuditKind::Sealed, Some(hid), json!({ "batch": batch_id }))?;
                hids.push(hid);
            }
            let head = audit::head(tx)?;
            tx.execute(
                "INSERT INTO batches
                     (batch_id, sealed_at, status, households, audit_seq, audit_hash)
                 VALUES (?1, ?2, 'sealed', ?3, ?4, ?5)",
                params![
                    batch_id,
                    tx.at(),
                    hids.len() as i64,
                    head.seq as i64,
                    head.hash
                ],
            )?;
            for hid in hids {
                tx.execute(
                    "INSERT INTO batch_households (batch_id, hid) VALUES (?1, ?2)",
                    params![batch_id, hid],
                )?;
            }
            for (key, value) in settings {
                super::write_setting(tx, key, value)?;
            }
            Ok(head)
        })
    }

    fn batch_status(tx: &rusqlite::Connection, batch_id: &str) -> StoreResult<String> {
        tx.query_row(
            "SELECT status FROM batches WHERE batch_id = ?1",
            [batch_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("there is no batch {batch_id}")))
    }

    /// Abandons a batch that was never uploaded (e.g. the USB drive was lost): its
    /// households become finalized again, ready for a new batch.
    pub fn reopen_batch(&mut self, batch_id: &str) -> StoreResult<usize> {
        self.write_durable(|tx| {
            let status = Self::batch_status(tx, batch_id)?;
            if !matches!(status.as_str(), "sealed" | "exported") {
                return Err(StoreError::NotAllowed(format!(
                    "batch {batch_id} is {status}; only a batch not yet uploaded can be reopened"
                )));
            }
            let hids = batch_members(tx, batch_id)?;
            for &hid in &hids {
                let state = state_of(tx, hid)?;
                if state
                    == (LifecycleState::Sealed {
                        batch: batch_id.to_string(),
                    })
                {
                    set_state(tx, hid, &LifecycleState::Finalized)?;
                    tx.audit(AuditKind::Unsealed, Some(hid), json!({ "batch": batch_id }))?;
                }
            }
            tx.execute(
                "UPDATE batches SET status = 'reopened' WHERE batch_id = ?1",
                [batch_id],
            )?;
            Ok(hids.len())
        })
    }

    /// Records that a sealed batch was written to removable media (or another destination,
    /// named without personal data, e.g. "usb").
    pub fn record_export(&mut self, batch_id: &str, destination: &str) -> StoreResult<()> {
        self.write_durable(|tx| {
            let status = Self::batch_status(tx, batch_id)?;
            if status == "reopened" {
                return Err(StoreError::NotAllowed(format!(
                    "batch {batch_id} was reopened; seal a new batch instead"
                )));
            }
            tx.execute(
                "UPDATE batches SET exported_at = ?2,
                     status = CASE status WHEN 'sealed' THEN 'exported' ELSE status END
                 WHERE batch_id = ?1",
                params![batch_id, tx.at()],
            )?;
            for hid in batch_members(tx, batch_id)? {
                tx.audit(
                    AuditKind::Exported,
                    Some(hid),
                    json!({ "batch": batch_id, "destination": destination }),
                )?;
            }
            Ok(())
        })
    }

    /// Records the platform's refusal of a whole batch (its households stay sealed): the
    /// batch list shows the reason until the batch is sent again or unsealed.
    pub fn record_refusal(&mut self, batch_id: &str, reason: &str) -> StoreResult<()> {
        self.write_durable(|tx| {
            Self::batch_status(tx, batch_id)?;
            tx.execute(
                "UPDATE batches SET refused_reason = ?2, refused_at = ?3 WHERE batch_id = ?1",
                params![batch_id, reason, tx.at()],
            )?;
            Ok(())
        })
    }

    /// Whether the platform's receipt `receipt_id` was already recorded on this device.
    pub fn has_receipt(&self, receipt_id: &str) -> StoreResult<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM receipts WHERE receipt_id = ?1",
                [receipt_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The households a recorded receipt made `uploaded` that still wait for their purge.
    pub fn uploaded_with_receipt(&self, receipt_id: &str) -> StoreResult<Vec<HouseholdId>> {
        uploaded_with(self.conn(), receipt_id)
    }

    /// Records the platform's receipt: the batch's households become `uploaded` and may be
    /// purged, except those the platform `rejected`, which return to `finalized` to be
    /// corrected and sealed again. Recording the same receipt again changes nothing.
    /// Returns the uploaded households.
    pub fn record_receipt(
        &mut self,
        batch_id: &str,
        receipt: &ReceiptInput,
        rejected: &[HouseholdId],
    ) -> StoreResult<Vec<HouseholdId>> {
        self.write_durable(|tx| {
            let status = Self::batch_status(tx, batch_id)?;
            let known: Option<String> = tx
                .query_row(
                    "SELECT batch_id FROM receipts WHERE receipt_id = ?1",
                    [&receipt.receipt_id],
                    |r| r.get(0),
                )
                .optional()?;
            match known {
                Some(b) if b == batch_id => return uploaded_with(tx, &receipt.receipt_id),
                Some(_) => {
                    return Err(StoreError::InvalidInput(format!(
                        "receipt {} belongs to another batch",
                        receipt.receipt_id
                    )));
                }
                None => {}
            }
            if !matches!(status.as_str(), "sealed" | "exported") {
                return Err(StoreError::NotAllowed(format!(
                    "batch {batch_id} is {status}; a receipt is only taken for a sealed batch"
                )));
            }
            tx.execute(
                "INSERT INTO receipts (receipt_id, batch_id, received_at, body)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    receipt.receipt_id,
                    batch_id,
                    receipt.received_at,
                    receipt.body
                ],
            )?;
            let mut rejected_hids = Vec::with_capacity(rejected.len());
            for id in rejected {
                rejected_hids.push(household_ref(tx, id)?.0);
            }
            for hid in batch_members(tx, batch_id)? {
                let state = state_of(tx, hid)?;
                if rejected_hids.contains(&hid) {
                    let back = state
                        .transition(LifecycleState::Finalized)
                        .map_err(|e| StoreError::NotAllowed(e.to_string()))?;
                    set_state(tx, hid, &back)?;
                    tx.audit(
                        AuditKind::Unsealed,
                        Some(hid),
                        json!({ "batch": batch_id, "receipt": receipt.receipt_id, "rejected": true }),
                    )?;
                    continue;
                }
                let uploaded = state
                    .transition(LifecycleState::Uploaded {
                        receipt: receipt.receipt_id.clone(),
                    })
                    .map_err(|e| StoreError::NotAllowed(e.to_string()))?;
                set_state(tx, hid, &uploaded)?;
                tx.execute(
                    "UPDATE households SET receipt_id = ?2 WHERE hid = ?1",
                    params![hid, receipt.receipt_id],
                )?;
                tx.audit(
                    AuditKind::Uploaded,
                    Some(hid),
                    json!({ "batch": batch_id, "receipt": receipt.receipt_id }),
                )?;
            }
            tx.execute(
                "UPDATE batches SET status = 'uploaded', uploaded_at = ?2 WHERE batch_id = ?1",
                params![batch_id, tx.at()],
            )?;
            uploaded_with(tx, &receipt.receipt_id)
        })
    }

    /// Removes an uploaded household's personal data from the device: members, facts,
    /// photos, consents, reviews and scoring runs go, and with the photo and signature rows
    /// their file keys, so the files are unreadable even before they are deleted. What stays:
    /// the receipt and the masked line (张*三, 410303********1234) for the grid manager's list.
    pub fn purge(&mut self, id: &HouseholdId) -> StoreResult<PurgeSummary> {
        let masked = masked_household(id);
        let (receipt, files) = self.write_durable(|tx| {
            let (hid, state) = household_ref(tx, id)?;
            let LifecycleState::Uploaded { receipt } = &state else {
                return Err(not_allowed(
                    id,
                    &state,
                    "only a household whose upload has a receipt can be purged",
                ));
            };
            let mut files = Vec::new();
            for sql in [
                "SELECT file_name FROM photos WHERE hid = ?1",
                "SELECT thumb_file_name FROM photos WHERE hid = ?1",
                "SELECT signature_file FROM consents WHERE hid = ?1",
            ] {
                let mut stmt = tx.prepare(sql)?;
                for name in stmt.query_map([hid], |r| r.get::<_, String>(0))? {
                    files.push(name?);
                }
            }
            for table in [
                "members",
                "facts",
                "photos",
                "consents",
                "consent_refusals",
                "committee_reviews",
                "scoring_runs",
            ] {
                tx.execute(&format!("DELETE FROM {table} WHERE hid = ?1"), [hid])?;
            }
            tx.execute(
                "UPDATE households SET household_key = NULL, data = '{}', purged_at = ?2
                 WHERE hid = ?1",
                params![hid, tx.at()],
            )?;
            set_state(tx, hid, &LifecycleState::Purged)?;
            tx.audit(
                AuditKind::Purged,
                Some(hid),
                json!({ "receipt": receipt, "files_destroyed": files.len() }),
            )?;
            Ok((receipt.clone(), files))
        })?;
        // The keys are gone with the rows; deleting the files and emptying the WAL of old
        // page versions follows. A crash here leaves orphans, removed at the next open.
        self.vault().delete(&files)?;
        self.checkpoint_truncate()?;
        Ok(PurgeSummary {
            household: masked,
            receipt,
            files_destroyed: files.len(),
        })
    }

    /// Finishes the purge a verified receipt started: a device stopped between recording
    /// the receipt and purging (killed, battery out) still holds the uploaded households'
    /// personal data. Opening the store calls this. Returns how many were purged.
    pub(crate) fn resume_purges(&mut self) -> StoreResult<usize> {
        Ok(self.purge_uploaded()?.len())
    }

    /// Purges every uploaded household.
    pub fn purge_uploaded(&mut self) -> StoreResult<Vec<PurgeSummary>> {
        let ids: Vec<HouseholdId> = self
            .conn()
            .prepare(
                "SELECT household_key FROM households WHERE state_name = 'uploaded' ORDER BY hid",
            )?
            .query_map([], |r| Ok(HouseholdId(r.get(0)?)))?
            .collect::<Result<_, _>>()?;
        ids.iter().map(|id| self.purge(id)).collect()
    }

    /// The households of a batch still on the device.
    pub fn batch_households(&self, batch_id: &str) -> StoreResult<Vec<HouseholdId>> {
        Self::batch_status(self.conn(), batch_id)?;
        batch_household_ids(self.conn(), batch_id)
    }
}

fn batch_members(tx: &rusqlite::Connection, batch_id: &str) -> StoreResult<Vec<i64>> {
    let mut stmt =
        tx.prepare("SELECT hid FROM batch_households WHERE batch_id = ?1 ORDER BY hid")?;
    let rows = stmt.query_map([batch_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn batch_household_ids(tx: &rusqlite::Connection, batch_id: &str) -> StoreResult<Vec<HouseholdId>> {
    let mut stmt = tx.prepare(
        "SELECT h.household_key FROM batch_households b JOIN households h ON h.hid = b.hid
         WHERE b.batch_id = ?1 AND h.household_key IS NOT NULL ORDER BY h.hid",
    )?;
    let rows = stmt.query_map([batch_id], |r| Ok(HouseholdId(r.get(0)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The households a receipt marked uploaded (and not yet purged).
fn uploaded_with(tx: &rusqlite::Connection, receipt_id: &str) -> StoreResult<Vec<HouseholdId>> {
    let mut stmt = tx.prepare(
        "SELECT household_key FROM households
         WHERE receipt_id = ?1 AND household_key IS NOT NULL ORDER BY hid",
    )?;
    let rows = stmt.query_map([receipt_id], |r| Ok(HouseholdId(r.get(0)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn state_of(tx: &rusqlite::Connection, hid: i64) -> StoreResult<LifecycleState> {
    let text: String = tx.query_row("SELECT state FROM households WHERE hid = ?1", [hid], |r| {
        r.get(0)
    })?;
    parse_state(&text)
}
