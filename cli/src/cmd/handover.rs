//! What the platform's answers did on this device, shared by `cunxin upload` (answers over
//! the network) and `cunxin batch receipt` (answer files brought back from a USB import).

use crate::cmd::store::StoreArgs;
use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use cunxin_core::batch::{HandOver, parse_public_key, take_answer_file};
use cunxin_core::store::masked_household;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What the platform's answer did to one sealed batch.
#[derive(Serialize)]
pub struct BatchHandOver {
    pub batch_id: String,
    #[serde(flatten)]
    pub result: HandOver,
}

/// The platform's minisign public key: only receipts it signed are believed.
pub fn read_platform_key(path: &Path) -> Result<minisign::PublicKey, Fatal> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Fatal(format!("could not read {}: {e}", path.display())))?;
    parse_public_key(&text).map_err(|e| Fatal(format!("{}: {e}", path.display())))
}

/// Every batch was received and nothing was returned.
pub fn all_settled(batches: &[BatchHandOver]) -> bool {
    batches.iter().all(|b| match &b.result {
        HandOver::Received { receipt, .. } => receipt.returned.is_empty(),
        HandOver::Refused { .. } => false,
    })
}

pub fn print_hand_over(b: &BatchHandOver) {
    hand_over_lines(b)
        .iter()
        .for_each(|line| println!("{line}"));
}

/// What the answer did, as lines for the grid manager (returned households masked).
pub fn hand_over_lines(b: &BatchHandOver) -> Vec<String> {
    match &b.result {
        HandOver::Received { receipt, .. } if receipt.already_applied => vec![format!(
            "回执 receipt {} for batch {} was already applied on this device; nothing changed ({} accepted, {} returned when it first arrived)",
            receipt.receipt_id,
            b.batch_id,
            receipt.accepted,
            receipt.returned.len()
        )],
        HandOver::Received { receipt, purged } => {
            let mut lines = vec![format!(
                "回执 receipt {} for batch {}: {} accepted and purged from this device ({} files destroyed), {} returned",
                receipt.receipt_id,
                b.batch_id,
                receipt.uploaded.len(),
                purged.iter().map(|p| p.files_destroyed).sum::<usize>(),
                receipt.returned.len()
            )];
            lines.extend(receipt.returned.iter().map(|r| {
                format!(
                    "  退回 returned {}: {}",
                    masked_household(&r.household),
                    r.reason
                )
            }));
            lines
        }
        HandOver::Refused { reason } => vec![format!(
            "拒收 refused batch {id}: {reason}; it stays sealed on this device. If the bank refuses it for good, `cunxin batch unseal {id}` makes its households finalized again to correct and seal anew",
            id = b.batch_id
        )],
    }
}

#[derive(Serialize)]
struct ReceiptOutput<'a> {
    batches: &'a [BatchHandOver],
}

/// `cunxin batch receipt FILE…`: applies answer files (`<batch>.tar.age.receipt.json`).
pub fn run_receipt_files(
    store: &StoreArgs,
    platform_key: &Path,
    files: &[PathBuf],
    json: bool,
) -> CmdResult {
    let platform_key = read_platform_key(platform_key)?;
    let mut store = store.open()?;
    let mut batches = Vec::with_capacity(files.len());
    for file in files {
        let taken = take_answer_file(&mut store, file, &platform_key)?;
        batches.push(BatchHandOver {
            batch_id: taken.batch_id,
            result: taken.hand_over,
        });
    }
    if json {
        print_json(&ReceiptOutput { batches: &batches })?;
    } else {
        batches.iter().for_each(print_hand_over);
    }
    Ok(if all_settled(&batches) {
        Outcome::Clean
    } else {
        Outcome::ProblemsReported
    })
}
