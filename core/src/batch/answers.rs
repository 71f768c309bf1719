//! The platform's answers brought back on removable media: `cunxin-platform import` writes
//! one `<batch>.tar.age.receipt.json` beside each batch, and the device acts on each as on
//! an answer fetched after an upload. The same for the `cunxin` command and the app.

use super::error::BatchError;
use super::handover::{HandOver, take_answer};
use super::seal::BATCH_SUFFIX;
use crate::model::{ANSWER_FILE_SUFFIX, ReceiptAnswer};
use crate::store::Store;
use minisign::PublicKey;
use std::path::{Path, PathBuf};

/// What one answer file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerTaken {
    pub batch_id: String,
    pub hand_over: HandOver,
}

/// Reads one answer file and acts on it ([`take_answer`]); a refusal is recorded against
/// the batch the file is named for.
pub fn take_answer_file(
    store: &mut Store,
    file: &Path,
    platform_key: &PublicKey,
) -> Result<AnswerTaken, BatchError> {
    let bytes = std::fs::read(file).map_err(|source| BatchError::Io {
        what: format!("could not read {}", file.display()),
        source,
    })?;
    let answer: ReceiptAnswer = serde_json::from_slice(&bytes).map_err(|_| {
        BatchError::Receipt(format!(
            "{} is not a platform answer; give the .receipt.json file written by `cunxin-platform import`",
            file.display()
        ))
    })?;
    let named = batch_id_of(file);
    let hand_over = take_answer(store, &named, &answer, platform_key)?;
    let batch_id = match &hand_over {
        HandOver::Received { receipt, .. } => receipt.batch_id.clone(),
        HandOver::Refused { .. } => named,
    };
    Ok(AnswerTaken {
        batch_id,
        hand_over,
    })
}

/// The answer files in `dir` (a USB drive's folder), in name order.
pub fn answer_files_in(dir: &Path) -> Result<Vec<PathBuf>, BatchError> {
    let entries = std::fs::read_dir(dir).map_err(|source| BatchError::Io {
        what: format!("could not read the folder {}", dir.display()),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().ends_with(ANSWER_FILE_SUFFIX))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// `<batch id>.tar.age.receipt.json` → the batch id.
fn batch_id_of(file: &Path) -> String {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.strip_suffix(ANSWER_FILE_SUFFIX).unwrap_or(&name);
    name.strip_suffix(BATCH_SUFFIX).unwrap_or(name).to_string()
}
