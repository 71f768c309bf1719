//! Every batch the device sealed, with its state, its receipt and the households the
//! platform returned (with reasons), straight from the store.

use super::Store;
use super::error::StoreResult;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum BatchState {
    /// Sealed, waiting for upload.
    Sealed,
    /// Copied to removable media, waiting for the platform's answer.
    Exported,
    /// The platform's receipt is held.
    Uploaded,
    /// Abandoned before upload (e.g. a lost USB drive); its households were sealed again.
    Reopened,
    /// The platform refused the whole batch ([`BatchLine::refused_reason`]); its households
    /// stay sealed until it is sent again or unsealed.
    Refused,
}

impl BatchState {
    fn parse(status: &str, refused: bool) -> BatchState {
        match status {
            "exported" | "sealed" if refused => BatchState::Refused,
            "exported" => BatchState::Exported,
            "uploaded" => BatchState::Uploaded,
            "reopened" => BatchState::Reopened,
            _ => BatchState::Sealed,
        }
    }

    /// Whether the batch still waits to reach the platform.
    pub fn is_waiting(self) -> bool {
        matches!(
            self,
            BatchState::Sealed | BatchState::Exported | BatchState::Refused
        )
    }
}

/// A household the platform returned, and why (the reason holds no personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReturnedLine {
    pub household: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BatchLine {
    pub batch_id: String,
    pub state: BatchState,
    pub sealed_at: String,
    pub households: u32,
    pub exported_at: Option<String>,
    pub uploaded_at: Option<String>,
    pub receipt_id: Option<String>,
    pub received_at: Option<String>,
    pub returned: Vec<ReturnedLine>,
    pub refused_reason: Option<String>,
    /// The encrypted batch file's size, while it is on the device (filled in by
    /// `batch::batch_list`, which knows the batch folder).
    pub batch_bytes: Option<u64>,
    /// The bytes the platform had of a waiting batch when last seen, if an upload began.
    pub bytes_uploaded: Option<u64>,
}

/// The rejections of a stored receipt body: the receipt itself, or the signed form that
/// carries it as `json`.
fn returned_of(body: &str) -> Vec<ReturnedLine> {
    #[derive(Deserialize)]
    struct Rejection {
        household: String,
        reason: String,
    }
    #[derive(Deserialize)]
    struct Receipt {
        #[serde(default)]
        rejected: Vec<Rejection>,
    }
    #[derive(Deserialize)]
    struct Signed {
        json: String,
    }
    let receipt = serde_json::from_str::<Signed>(body)
        .ok()
        .and_then(|s| serde_json::from_str::<Receipt>(&s.json).ok())
        .or_else(|| serde_json::from_str::<Receipt>(body).ok());
    receipt
        .map(|r| {
            r.rejected
                .into_iter()
                .map(|r| ReturnedLine {
                    household: r.household,
                    reason: r.reason,
                })
                .collect()
        })
        .unwrap_or_default()
}

impl Store {
    /// Every batch, newest first.
    pub fn batches(&self) -> StoreResult<Vec<BatchLine>> {
        let mut stmt = self.conn().prepare(
            "SELECT b.batch_id, b.status, b.sealed_at, b.households, b.exported_at,
                    b.uploaded_at, r.receipt_id, r.received_at, r.body, b.refused_reason
             FROM batches b LEFT JOIN receipts r ON r.batch_id = b.batch_id
             ORDER BY b.sealed_at DESC, b.batch_id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            let refused_reason: Option<String> = r.get(9)?;
            Ok((
                BatchLine {
                    batch_id: r.get(0)?,
                    state: BatchState::parse(&r.get::<_, String>(1)?, refused_reason.is_some()),
                    sealed_at: r.get(2)?,
                    households: r.get(3)?,
                    exported_at: r.get(4)?,
                    uploaded_at: r.get(5)?,
                    receipt_id: r.get(6)?,
                    received_at: r.get(7)?,
                    returned: Vec::new(),
                    refused_reason,
                    batch_bytes: None,
                    bytes_uploaded: None,
                },
                r.get::<_, Option<String>>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut line, body) = row?;
            line.returned = body.as_deref().map(returned_of).unwrap_or_default();
            out.push(line);
        }
        Ok(out)
    }
}
