//! Batches: how finalized households leave the device for the bank.
//!
//! A batch is one file, `<batch id>.tar.age`: a tar archive (each household's JSON record
//! with its facts, scoring, committee review, reconciliation, consents and audit-chain
//! segment; the photo, thumbnail and signature image files; `manifest.json` listing every
//! file with its SHA-256 and size; `SHA256SUMS`) encrypted with age to the bank's X25519
//! recipients, and signed with the device's Ed25519 key in minisign format
//! (`<batch id>.tar.age.minisig`). A bank engineer needs no Cunxin code to check it:
//!
//! ```text
//! minisign -Vm BATCH.tar.age -p device.pub
//! age -d -i bank.key BATCH.tar.age | tar -x -C DIR
//! cd DIR && sha256sum -c SHA256SUMS
//! ```
//!
//! [`seal`] writes a batch (streaming: no plaintext on disk, never whole in memory),
//! [`open_batch`] is the bank's one-step verify-decrypt-check-unpack, [`export_batches`]
//! copies batches to removable media, and [`receipt`] is the platform's signed receipt.

mod answers;
mod device;
mod error;
mod export;
mod hand_over_all;
mod handover;
mod keys;
mod list;
pub mod manifest;
mod open;
mod pipe;
pub mod receipt;
mod seal;
mod writeback;

pub use answers::{AnswerTaken, answer_files_in, take_answer_file};
pub use device::{DeviceIdentity, export_public_key, last_batch_id};
pub use error::BatchError;
pub use export::{
    DEVICE_KEY_FILE, ExportReport, ExportedBatch, README_FILE, USB_DESTINATION, export_batches,
};
pub use hand_over_all::{BatchHandedOver, HandOverProgress, StoreAccess, hand_over_all};
pub use handover::{
    HandOver, METADATA_BATCH_ID, METADATA_FILENAME, METADATA_SIGNATURE, WaitingBatch,
    batches_to_upload, take_answer,
};
pub(crate) use keys::parse_signature;
pub use keys::{
    SigningKey, key_id, parse_identities, parse_public_key, parse_recipients, public_key_text,
};
pub use list::batch_list;
pub use manifest::{Manifest, ManifestFile, ManifestHousehold};
pub(crate) use open::keynum_hex;
pub use open::{
    OpenedBatch, UnpackTarget, VerifiedBatch, open_batch, open_batch_from, open_batch_into,
};
pub use receipt::{
    Receipt, ReceiptApplied, Rejection, SignedReceipt, apply_receipt, verify_receipt,
};
pub use seal::{
    BATCH_SUFFIX, SIGNATURE_SUFFIX, SealProgress, SealedBatch, batch_file_name, default_batch_dir,
    seal, seal_reporting,
};
