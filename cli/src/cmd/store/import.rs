//! `cunxin roster import`: the store side, called from `roster.rs`.

use super::{StoreArgs, store_error};
use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use std::path::Path;

/// Checks the roster, loads its usable households into the store (one transaction), and
/// reports the roster's problems. Rows with errors are not loaded; exit 1 when there were any.
pub fn roster_import(store: &StoreArgs, file: &Path, json: bool) -> CmdResult {
    if !file.exists() {
        return Err(Fatal(format!(
            "there is no roster file at {}",
            file.display()
        )));
    }
    let result = store
        .open()?
        .import_roster_file(file)
        .map_err(store_error)?;
    let (check, imported) = (&result.check, &result.imported);
    if json {
        print_json(&result)?;
    } else {
        crate::cmd::roster::print_report(check);
        println!(
            "导入 imported: 新增 {} new, 更新 {} updated, 未变 {} unchanged, 已走访未覆盖 {} kept (visited)",
            imported.inserted,
            imported.updated,
            imported.unchanged,
            imported.skipped_visited.len()
        );
        if result.has_errors() {
            println!(
                "{} 行有错误，未导入；改正后可再次导入 rows with errors were not imported; fix them and import again",
                check.errors.len()
            );
        }
    }
    Ok(if result.has_errors() {
        Outcome::ProblemsReported
    } else {
        Outcome::Clean
    })
}
