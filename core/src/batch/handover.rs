//! The device's side of the hand-over over the network: which sealed batches wait, what an
//! upload carries besides the batch (its signature), and what the platform's answer does —
//! a valid receipt marks the accepted households uploaded and purges them at once; nothing
//! is purged on anything less. [`super::hand_over_all`] is the whole of it, the same for the
//! `cunxin` command and the app; only the HTTP transport is theirs.

use super::error::BatchError;
use super::export::waiting_batches;
use super::receipt::{ReceiptApplied, apply_receipt};
use super::seal::{SIGNATURE_SUFFIX, batch_file_name};
use crate::store::{PurgeSummary, Store};
use crate::upload::ReceiptAnswer;
use minisign::PublicKey;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Upload metadata keys (tus `Upload-Metadata`); the platform reads the same names.
pub const METADATA_BATCH_ID: &str = "batch_id";
pub const METADATA_SIGNATURE: &str = "signature";
pub const METADATA_FILENAME: &str = "filename";

/// A sealed batch in the batch directory whose households still wait for a receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingBatch {
    pub batch_id: String,
    pub path: PathBuf,
    pub signature_path: PathBuf,
}

/// The sealed batches in `dir` still waiting for a receipt, oldest first.
pub fn batches_to_upload(store: &Store, dir: &Path) -> Result<Vec<WaitingBatch>, BatchError> {
    Ok(waiting_batches(store, dir)?
        .into_iter()
        .map(|batch_id| {
            let path = dir.join(batch_file_name(&batch_id));
            let signature_path = PathBuf::from(format!("{}{SIGNATURE_SUFFIX}", path.display()));
            WaitingBatch {
                batch_id,
                path,
                signature_path,
            }
        })
        .collect())
}

impl WaitingBatch {
    /// What the upload carries besides the bytes: the batch id, the file name and the
    /// signature's text (the platform verifies before it opens anything).
    pub fn upload_metadata(&self) -> Result<BTreeMap<String, String>, BatchError> {
        let signature = std::fs::read_to_string(&self.signature_path).map_err(|e| {
            BatchError::io(
                format!(
                    "could not read the signature {}",
                    self.signature_path.display()
                ),
                e,
            )
        })?;
        Ok(BTreeMap::from([
            (METADATA_BATCH_ID.to_string(), self.batch_id.clone()),
            (
                METADATA_FILENAME.to_string(),
                batch_file_name(&self.batch_id),
            ),
            (METADATA_SIGNATURE.to_string(), signature),
        ]))
    }
}

/// What the platform's answer did on the device.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandOver {
    /// A valid receipt: accepted households uploaded and purged; rejected ones returned.
    Received {
        receipt: ReceiptApplied,
        purged: Vec<PurgeSummary>,
    },
    /// The platform refused the whole batch: it stays sealed, nothing was purged.
    Refused { reason: String },
}

/// Acts on the platform's answer for batch `batch_id`: verifies the receipt against the
/// platform's key, records it, and purges what it accepted; a refusal is recorded against
/// the batch (its households stay sealed). An invalid receipt is an error and changes
/// nothing.
pub fn take_answer(
    store: &mut Store,
    batch_id: &str,
    answer: &ReceiptAnswer,
    platform_key: &PublicKey,
) -> Result<HandOver, BatchError> {
    match answer {
        ReceiptAnswer::Refused(reason) => {
            store.record_refusal(batch_id, reason)?;
            Ok(HandOver::Refused {
                reason: reason.clone(),
            })
        }
        ReceiptAnswer::Receipt(signed) => {
            let receipt = apply_receipt(
                store,
                signed.json.as_bytes(),
                &signed.signature,
                platform_key,
            )?;
            let purged = store.purge_uploaded()?;
            Ok(HandOver::Received { receipt, purged })
        }
    }
}
