//! Consents the resident refused: kept so the visit shows the refusal and its reason
//! instead of a consent merely missing. Signing the consent later replaces the refusal.

use super::error::{StoreError, StoreResult};
use super::household_rows::{household_ref, not_allowed};
use super::{AuditKind, Store};
use crate::model::{ConsentKind, HouseholdId};
use rusqlite::params;
use serde::Serialize;
use serde_json::json;

/// A refused consent as the visit shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ConsentRefusal {
    pub kind: ConsentKind,
    /// The member who refused.
    pub signer: String,
    pub reason: String,
    pub grid_manager: Option<String>,
    pub refused_at: String,
}

impl Store {
    /// Records that the resident refused consent `kind`, with their reason. Refused where a
    /// signature of that kind is already recorded (the signed consent stands).
    pub fn refuse_consent(
        &mut self,
        id: &HouseholdId,
        kind: ConsentKind,
        signer: &str,
        reason: &str,
    ) -> StoreResult<()> {
        let (signer, reason) = (signer.trim(), reason.trim());
        if signer.is_empty() || reason.is_empty() {
            return Err(StoreError::InvalidInput(
                "say who refused and why (the resident's words, e.g. 不愿查询征信)".into(),
            ));
        }
        self.write(|tx| {
            let (hid, state) = household_ref(tx, id)?;
            if !state.is_open() {
                return Err(not_allowed(id, &state, "consents can no longer be changed"));
            }
            let signed: i64 = tx.query_row(
                "SELECT count(*) FROM consents WHERE hid = ?1 AND kind = ?2",
                params![hid, kind.as_str()],
                |r| r.get(0),
            )?;
            if signed > 0 {
                return Err(StoreError::NotAllowed(format!(
                    "the {} consent is already signed for this household; the signature stands",
                    kind.as_str()
                )));
            }
            tx.execute(
                "INSERT OR REPLACE INTO consent_refusals
                     (hid, kind, signer, reason, grid_manager, refused_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![hid, kind.as_str(), signer, reason, tx.actor(), tx.at()],
            )?;
            // The reason is the resident's words: it stays out of the audit trail.
            tx.audit(
                AuditKind::ConsentRefused,
                Some(hid),
                json!({ "kind": kind.as_str() }),
            )?;
            Ok(())
        })
    }

    /// The household's refused consents, by kind.
    pub fn consent_refusals(&self, id: &HouseholdId) -> StoreResult<Vec<ConsentRefusal>> {
        let (hid, _) = household_ref(self.conn(), id)?;
        let mut stmt = self.conn().prepare(
            "SELECT kind, signer, reason, grid_manager, refused_at FROM consent_refusals
             WHERE hid = ?1 ORDER BY kind",
        )?;
        let rows = stmt.query_map([hid], |r| {
            let kind: String = r.get(0)?;
            Ok(ConsentRefusal {
                kind: ConsentKind::parse(&kind).unwrap_or(ConsentKind::PersonalInfo),
                signer: r.get(1)?,
                reason: r.get(2)?,
                grid_manager: r.get(3)?,
                refused_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
