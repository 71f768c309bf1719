//! The platform's answer about a batch as it travels: over tus (`GET <upload>/receipt`), in
//! a `<batch>.receipt.json` file beside a USB import, and in the platform's own records. One
//! type for the device's upload, its batches and the bank's platform, below all three.

use serde::{Deserialize, Serialize};

/// An answer file is named for its batch file: `<batch id>.tar.age.receipt.json`.
pub const ANSWER_FILE_SUFFIX: &str = ".receipt.json";

/// A receipt as sent: the canonical JSON and its minisign signature (`.minisig` text).
/// `batch::receipt` reads and writes what the JSON says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedReceipt {
    pub json: String,
    pub signature: String,
}

/// What became of a batch at the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptAnswer {
    /// The signed receipt (the device verifies it before acting on it).
    Receipt(SignedReceipt),
    /// The platform refused the whole batch, and why.
    Refused(String),
}
