//! Batches that came on a USB drive (`cunxin batch export`): each is taken in exactly as an
//! upload would be, and its answer is written beside it as `<batch file>.receipt.json`, the
//! same JSON the device gets over the network, for the branch to carry back
//! (`cunxin batch receipt`).

use crate::intake::{Intake, Outcome};
use cunxin_core::batch::{BATCH_SUFFIX, SIGNATURE_SUFFIX};
use std::path::{Path, PathBuf};

/// The answer file written beside a batch file.
pub const RECEIPT_SUFFIX: &str = ".receipt.json";

pub struct Imported {
    pub batch_file: PathBuf,
    pub outcome: Outcome,
    pub receipt_file: PathBuf,
}

/// Takes in every `*.tar.age` in `dir` (with its `.minisig`), in name order.
pub fn import_dir(intake: &Intake, dir: &Path) -> Result<Vec<Imported>, String> {
    let list_err = |e: std::io::Error| format!("could not list {}: {e}", dir.display());
    let mut batch_files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(list_err)? {
        let path = entry.map_err(list_err)?.path();
        if path.to_string_lossy().ends_with(BATCH_SUFFIX) && path.is_file() {
            batch_files.push(path);
        }
    }
    if batch_files.is_empty() {
        return Err(format!(
            "there is no batch (*{BATCH_SUFFIX}) in {}; give the folder `cunxin batch export` wrote",
            dir.display()
        ));
    }
    batch_files.sort();
    let mut imported = Vec::with_capacity(batch_files.len());
    for batch_file in batch_files {
        let name = batch_file.display().to_string();
        let outcome = match std::fs::read(format!("{name}{SIGNATURE_SUFFIX}")) {
            Ok(signature) => intake.receive(&batch_file, &signature)?,
            Err(_) => Outcome::Refused(format!(
                "the batch has no signature file beside it ({}{SIGNATURE_SUFFIX}); copy it from the device's export again",
                file_name(&batch_file)
            )),
        };
        let receipt_file = PathBuf::from(format!("{name}{RECEIPT_SUFFIX}"));
        let json = serde_json::to_vec_pretty(&outcome)
            .map_err(|e| format!("could not write the receipt: {e}"))?;
        std::fs::write(&receipt_file, json)
            .map_err(|e| format!("could not write {}: {e}", receipt_file.display()))?;
        imported.push(Imported {
            batch_file,
            outcome,
            receipt_file,
        });
    }
    Ok(imported)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
