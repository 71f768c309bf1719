//! Batches that came on a USB drive (`cunxin batch export`): each is taken in exactly as an
//! upload would be, and its answer is written beside it as `<batch file>.receipt.json`, the
//! same JSON the device gets over the network, for the branch to carry back
//! (`cunxin batch receipt`). One batch's trouble never stops the others.

use crate::intake::{Intake, Outcome};
use crate::private_fs::create_private_file;
use cunxin_core::batch::{BATCH_SUFFIX, SIGNATURE_SUFFIX};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The answer file written beside a batch file.
pub use cunxin_core::model::ANSWER_FILE_SUFFIX as RECEIPT_SUFFIX;

pub struct Imported {
    pub batch_file: PathBuf,
    pub decision: Decision,
}

pub enum Decision {
    /// Received or refused; the answer is in `receipt_file`.
    Answered {
        outcome: Outcome,
        receipt_file: PathBuf,
    },
    /// The platform's own trouble (disk, database, keys) kept it from deciding: no answer
    /// file; import the folder again once that is mended.
    Undecided(String),
}

impl Imported {
    /// The answer file, when the batch was decided.
    pub fn receipt_file(&self) -> Option<&Path> {
        match &self.decision {
            Decision::Answered { receipt_file, .. } => Some(receipt_file),
            Decision::Undecided(_) => None,
        }
    }
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
    Ok(batch_files
        .into_iter()
        .map(|batch_file| {
            let decision = match decide(intake, &batch_file) {
                Ok((outcome, receipt_file)) => Decision::Answered {
                    outcome,
                    receipt_file,
                },
                Err(trouble) => Decision::Undecided(trouble),
            };
            Imported {
                batch_file,
                decision,
            }
        })
        .collect())
}

fn decide(intake: &Intake, batch_file: &Path) -> Result<(Outcome, PathBuf), String> {
    let name = batch_file.display().to_string();
    let outcome = match std::fs::read(format!("{name}{SIGNATURE_SUFFIX}")) {
        Ok(signature) => intake.receive(batch_file, &signature)?,
        Err(_) => Outcome::Refused(format!(
            "the batch has no signature file beside it ({}{SIGNATURE_SUFFIX}); copy it from the device's export again",
            file_name(batch_file)
        )),
    };
    let receipt_file = PathBuf::from(format!("{name}{RECEIPT_SUFFIX}"));
    let json = serde_json::to_vec_pretty(&outcome)
        .map_err(|e| format!("could not write the receipt: {e}"))?;
    write_answer(&receipt_file, &json)
        .map_err(|e| format!("could not write {}: {e}", receipt_file.display()))?;
    Ok((outcome, receipt_file))
}

/// Writes the answer under a temporary name (0600), then renames it into place.
fn write_answer(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = PathBuf::from(format!("{}.partial", path.display()));
    let _ = std::fs::remove_file(&temp);
    let written = create_private_file(&temp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    written
        .and_then(|()| std::fs::rename(&temp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
