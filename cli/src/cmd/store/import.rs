//! `cunxin roster import`: the store side, called from `roster.rs`.

use super::{StoreArgs, store_error};
use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use cunxin_core::intake::roster::{RosterCheck, check_roster};
use cunxin_core::store::ImportSummary;
use serde::Serialize;
use std::path::Path;

/// `roster check`'s report plus what the import did.
#[derive(Serialize)]
struct ImportReport<'a> {
    #[serde(flatten)]
    check: &'a RosterCheck,
    imported: ImportSummary,
}

/// Checks the roster, loads its usable households into the store (one transaction), and
/// reports the roster's problems. Rows with errors are not loaded; exit 1 when there were any.
pub fn roster_import(store: &StoreArgs, file: &Path, json: bool) -> CmdResult {
    if !file.exists() {
        return Err(Fatal(format!(
            "there is no roster file at {}",
            file.display()
        )));
    }
    let mut opened = store.open()?;
    let check = check_roster(file).map_err(|e| Fatal(format!("{}: {e}", file.display())))?;
    let imported = opened.import_roster(&check).map_err(store_error)?;
    if json {
        print_json(&ImportReport {
            check: &check,
            imported,
        })?;
    } else {
        crate::cmd::roster::print_report(&check);
        println!(
            "导入 imported: 新增 {} new, 更新 {} updated, 未变 {} unchanged, 已走访未覆盖 {} kept (visited)",
            imported.inserted,
            imported.updated,
            imported.unchanged,
            imported.skipped_visited.len()
        );
        if !check.errors.is_empty() {
            println!(
                "{} 行有错误，未导入；改正后可再次导入 rows with errors were not imported; fix them and import again",
                check.errors.len()
            );
        }
    }
    Ok(if check.errors.is_empty() {
        Outcome::Clean
    } else {
        Outcome::ProblemsReported
    })
}
