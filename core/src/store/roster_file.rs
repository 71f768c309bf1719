//! Check-then-import of a roster file, one call for the app and the CLI.

use super::error::{StoreError, StoreResult};
use super::{ImportSummary, Store};
use crate::intake::roster::source::SourceError;
use crate::intake::roster::{RosterCheck, RosterError, check_roster};
use serde::Serialize;
use std::path::Path;

/// The roster's problem report and what the import did. Rows with errors are not loaded.
#[derive(Debug, Clone, Serialize)]
pub struct RosterImport {
    #[serde(flatten)]
    pub check: RosterCheck,
    pub imported: ImportSummary,
}

impl RosterImport {
    /// Rows with errors were left out: the caller reports them (CLI exit 1).
    pub fn has_errors(&self) -> bool {
        !self.check.errors.is_empty()
    }
}

impl Store {
    /// Checks a roster file (CSV or XLSX) and loads its usable households in one
    /// transaction.
    pub fn import_roster_file(&mut self, path: &Path) -> StoreResult<RosterImport> {
        let check = check_roster(path).map_err(|e| match e {
            RosterError::Source(SourceError::Io(io))
                if io.kind() == std::io::ErrorKind::NotFound =>
            {
                StoreError::NotFound(format!("there is no roster file at {}", path.display()))
            }
            other => StoreError::InvalidInput(format!("{}: {other}", path.display())),
        })?;
        let imported = self.import_roster(&check)?;
        Ok(RosterImport { check, imported })
    }
}
