//! The platform's receipt for a batch: canonical JSON (RFC 8785, so the signed bytes are
//! one exact text) signed with the platform's minisign key. The device verifies it against
//! the platform's public key before it records the hand-over (and may then purge).

use super::device::{DeviceIdentity, MANIFEST_SHA_PREFIX};
use super::error::BatchError;
use super::keys::{SigningKey, key_id, parse_signature};
use super::manifest::{is_safe_batch_id, is_sha256_hex};
use crate::model::HouseholdId;
pub use crate::model::SignedReceipt;
use crate::store::{ReceiptInput, Store};
use minisign::PublicKey;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::io::Cursor;

/// The receipt format tag in the signature's trusted comment.
pub const RECEIPT_FORMAT: &str = "cunxin-receipt/1";
const RECEIPT_LIMIT: usize = 16 * 1024 * 1024;

/// A household the platform did not accept, and why (no personal data in the reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub household: HouseholdId,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub receipt_id: String,
    pub batch_id: String,
    /// SHA-256 of the batch's `manifest.json`: the receipt is for exactly that content.
    pub manifest_sha256: String,
    pub device_id: String,
    /// RFC 3339.
    pub received_at: String,
    pub accepted: Vec<HouseholdId>,
    pub rejected: Vec<Rejection>,
    /// The minisign key id of the platform key that signs the receipt.
    pub platform_key_id: String,
}

fn invalid(what: &str) -> BatchError {
    BatchError::Receipt(format!("the receipt is invalid: {what}"))
}

impl Receipt {
    /// The receipt's canonical JSON (RFC 8785).
    pub fn to_canonical_json(&self) -> Result<String, BatchError> {
        serde_jcs::to_string(self).map_err(|_| invalid("it cannot be written as JSON"))
    }

    /// Signs the receipt with the platform's key (whose id must be `platform_key_id`).
    pub fn sign(&self, platform_key: &SigningKey) -> Result<SignedReceipt, BatchError> {
        if self.platform_key_id != platform_key.key_id() {
            return Err(invalid(
                "its platform_key_id is not the id of the key signing it",
            ));
        }
        let json = self.to_canonical_json()?;
        let signature = platform_key.sign(
            Cursor::new(json.as_bytes()),
            &format!(
                "{RECEIPT_FORMAT} receipt:{} batch:{}",
                self.receipt_id, self.batch_id
            ),
            &format!(
                "signature of a Cunxin receipt by platform key {}",
                self.platform_key_id
            ),
        )?;
        Ok(SignedReceipt { json, signature })
    }
}

/// Checks the signature over the exact JSON bytes with the platform's public key, then that
/// the JSON is a canonical receipt naming that key. Returns the receipt.
pub fn verify_receipt(
    json: &[u8],
    signature: &str,
    platform_key: &PublicKey,
) -> Result<Receipt, BatchError> {
    if json.len() > RECEIPT_LIMIT || signature.len() > 64 * 1024 {
        return Err(invalid("it is too large"));
    }
    let signature = parse_signature(signature)
        .ok_or_else(|| invalid("its signature is not a minisign signature"))?;
    if signature.keynum() != platform_key.keynum() {
        return Err(BatchError::Receipt(format!(
            "the receipt was not signed by the platform key {}; check which platform sent it",
            key_id(platform_key)
        )));
    }
    minisign::verify(
        platform_key,
        &signature,
        Cursor::new(json),
        true,
        false,
        false,
    )
    .map_err(|_| {
        BatchError::Receipt(
            "the receipt's signature does not match its content; it was altered or damaged".into(),
        )
    })?;
    let receipt: Receipt =
        serde_json::from_slice(json).map_err(|_| invalid("it is not a Cunxin receipt"))?;
    if receipt.to_canonical_json()?.as_bytes() != json {
        return Err(invalid("its JSON is not in canonical form"));
    }
    if receipt.platform_key_id != key_id(platform_key) {
        return Err(invalid(
            "it names another platform key than the one that signed it",
        ));
    }
    if receipt.receipt_id.trim().is_empty()
        || !is_safe_batch_id(&receipt.batch_id)
        || !is_sha256_hex(&receipt.manifest_sha256)
    {
        return Err(invalid(
            "its receipt id, batch id or manifest hash is malformed",
        ));
    }
    let comment = signature.trusted_comment().unwrap_or_default();
    let names = |prefix: &str, value: &str| {
        comment
            .split_whitespace()
            .any(|t| t.strip_prefix(prefix) == Some(value))
    };
    if !names("receipt:", &receipt.receipt_id) || !names("batch:", &receipt.batch_id) {
        return Err(invalid("its signature was made for another receipt"));
    }
    Ok(receipt)
}

/// What a receipt did on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptApplied {
    pub receipt_id: String,
    pub batch_id: String,
    /// Now `uploaded`: they may be purged.
    pub uploaded: Vec<HouseholdId>,
    /// Rejected by the platform, with its reasons: back to `finalized`, to be corrected and
    /// sealed again.
    pub returned: Vec<Rejection>,
    /// The receipt had been applied on this device before: nothing changed this time.
    pub already_applied: bool,
    /// How many households the receipt accepts (whether or not they were purged since).
    pub accepted: usize,
}

/// Verifies a receipt for one of this device's batches and records it in the store: the
/// households it accepts become `uploaded` (and may be purged), those it rejects return to
/// `finalized`. Refused when the receipt is for another device or other content, or does
/// not account for every household of the batch.
pub fn apply_receipt(
    store: &mut Store,
    json: &[u8],
    signature: &str,
    platform_key: &PublicKey,
) -> Result<ReceiptApplied, BatchError> {
    let receipt = verify_receipt(json, signature, platform_key)?;
    let device = DeviceIdentity::load_or_create(store)?;
    if receipt.device_id != device.device_id {
        return Err(BatchError::Receipt(
            "the receipt is for a batch of another device".into(),
        ));
    }
    if store.has_receipt(&receipt.receipt_id)? {
        // Settled before (its households may be purged since): nothing changes; name those
        // still waiting for their purge.
        let uploaded = store.uploaded_with_receipt(&receipt.receipt_id)?;
        return Ok(ReceiptApplied {
            accepted: receipt.accepted.len(),
            receipt_id: receipt.receipt_id,
            batch_id: receipt.batch_id,
            uploaded,
            returned: receipt.rejected,
            already_applied: true,
        });
    }
    let sealed_sha = store.setting(&format!("{MANIFEST_SHA_PREFIX}{}", receipt.batch_id))?;
    match sealed_sha {
        None => {
            return Err(BatchError::Receipt(format!(
                "this device sealed no batch {}",
                receipt.batch_id
            )));
        }
        Some(sha) if sha != receipt.manifest_sha256 => {
            return Err(BatchError::Receipt(format!(
                "the receipt names other content than batch {} as sealed on this device",
                receipt.batch_id
            )));
        }
        Some(_) => {}
    }
    let members = store.batch_households(&receipt.batch_id)?;
    let members: BTreeSet<&HouseholdId> = members.iter().collect();
    let rejected: Vec<HouseholdId> = receipt
        .rejected
        .iter()
        .map(|r| r.household.clone())
        .collect();
    let named: BTreeSet<&HouseholdId> = receipt.accepted.iter().chain(&rejected).collect();
    if named != members || named.len() != receipt.accepted.len() + rejected.len() {
        return Err(BatchError::Receipt(format!(
            "the receipt does not account for each household of batch {} exactly once; the batch stays sealed",
            receipt.batch_id
        )));
    }
    let input = ReceiptInput {
        receipt_id: receipt.receipt_id.clone(),
        received_at: receipt.received_at.clone(),
        body: serde_json::json!({
            "json": String::from_utf8_lossy(json),
            "signature": signature.to_string(),
        })
        .to_string(),
    };
    let uploaded = store.record_receipt(&receipt.batch_id, &input, &rejected)?;
    Ok(ReceiptApplied {
        receipt_id: receipt.receipt_id,
        batch_id: receipt.batch_id,
        uploaded,
        returned: receipt.rejected,
        already_applied: false,
        accepted: receipt.accepted.len(),
    })
}
