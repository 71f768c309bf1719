//! Applying a work package on the device. Everything that can refuse it is checked before
//! the store is touched — the signature and files ([`open_package`]), that it is made for this
//! device, that it continues the chain of packages imported here, that its roster has no
//! problem rows, its scorecard and keys are readable — and then it is applied in one durable
//! transaction: the roster's households (new ones added, unvisited ones updated, visited ones
//! keep the grid manager's work), the department records of the grid's people (a visited
//! household whose records changed is marked for the grid manager), the scorecard in force,
//! the bank's recipient keys, and the package's place in the chain. Killed at any moment, the store is as before or fully updated.

use super::departments::read_departments;
use super::error::PackageError;
use super::manifest::PackageManifest;
use super::open::{OpenedPackage, open_package};
use crate::batch::{BatchError, DeviceIdentity, parse_public_key, parse_recipients};
use crate::intake::roster::check_roster_bytes;
use crate::model::{DepartmentFlags, Household};
use crate::scoring::presets::scorecard_from;
use crate::settings::{BANK_RECIPIENTS_SETTING, PLATFORM_KEY_SETTING};
use crate::store::{
    AuditKind, DepartmentChanges, ImportSummary, SCORECARD_SETTING, Store, import_households_in,
    replace_department_records_in, write_setting,
};
use minisign::PublicKey;
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The id of the last package applied on this device.
const LAST_PACKAGE_SETTING: &str = "last_package_id";
/// `package_imported.<id>`: when that package was applied (replays are refused by it).
const IMPORTED_PREFIX: &str = "package_imported.";

/// What applying a package did, for the grid manager's screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageImported {
    pub package_id: String,
    pub previous: Option<String>,
    pub created_at: String,
    pub households: ImportSummary,
    /// Department records: people changed, visited households marked.
    pub departments: DepartmentChanges,
    /// `id version` of the scorecard the package put in force.
    pub scorecard: Option<String>,
    /// How many bank recipient keys the package set.
    pub bank_recipients: Option<usize>,
}

/// Verifies, checks and applies the package file `package` with its signature file, against
/// `platform_key` or, without one, the platform key in the store's settings.
pub fn import_package(
    store: &mut Store,
    package: &Path,
    signature: &Path,
    platform_key: Option<&PublicKey>,
) -> Result<PackageImported, PackageError> {
    let platform_key = match platform_key {
        Some(key) => key.clone(),
        None => {
            let text = store
                .setting(PLATFORM_KEY_SETTING)?
                .ok_or(PackageError::NoPlatformKey)?;
            parse_public_key(&text).map_err(|_| PackageError::NoPlatformKey)?
        }
    };
    let device = DeviceIdentity::load_or_create(store).map_err(device_error)?;
    let opened = open_package(package, signature, &platform_key, device.package_identity())?;
    if opened.manifest.device_id != device.device_id {
        return Err(PackageError::NotForThisDevice);
    }
    check_chain(store, &opened.manifest)?;
    let contents = Contents::read(&opened)?;
    apply(store, &opened.manifest, contents)
}

/// The last package applied here; None before the first.
pub fn last_package_id(store: &Store) -> Result<Option<String>, PackageError> {
    Ok(store.setting(LAST_PACKAGE_SETTING)?)
}

fn check_chain(store: &Store, manifest: &PackageManifest) -> Result<(), PackageError> {
    let id = &manifest.package_id;
    if store.setting(&format!("{IMPORTED_PREFIX}{id}"))?.is_some() {
        return Err(PackageError::Replayed {
            package_id: id.clone(),
        });
    }
    let last = last_package_id(store)?;
    if manifest.previous != last {
        let name = |p: Option<&String>| {
            p.cloned()
                .unwrap_or_else(|| "none (the first package)".into())
        };
        return Err(PackageError::OutOfChain {
            package_id: id.clone(),
            follows: name(manifest.previous.as_ref()),
            last: name(last.as_ref()),
        });
    }
    Ok(())
}

/// What the package's files say, read and checked before anything is written.
struct Contents {
    households: Vec<Household>,
    /// Every person of the roster (the grid), and the records the package gives them.
    grid: Vec<String>,
    records: BTreeMap<String, DepartmentFlags>,
    /// The definition text, and `id version` for the screen.
    scorecard: Option<(String, String)>,
    recipients: Option<(String, usize)>,
}

impl Contents {
    fn read(opened: &OpenedPackage) -> Result<Contents, PackageError> {
        let roster = check_roster_bytes(opened.files["roster.csv"].clone())
            .map_err(|e| PackageError::Invalid(format!("roster.csv cannot be read ({e})")))?;
        if !roster.errors.is_empty() {
            return Err(PackageError::RosterProblems(roster.errors.len()));
        }
        let households = roster
            .usable
            .iter()
            .map(Household::from_roster)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| PackageError::Invalid(format!("roster.csv: {e}")))?;
        let grid: BTreeSet<String> = households
            .iter()
            .flat_map(|h| h.members.iter().map(|m| m.id_number.clone()))
            .collect();
        let records = match opened.files.get("departments.csv") {
            Some(bytes) => read_departments(bytes, &grid)?,
            None => BTreeMap::new(),
        };
        let text = |name: &str| {
            opened
                .files
                .get(name)
                .map(|bytes| {
                    String::from_utf8(bytes.clone())
                        .map_err(|_| PackageError::Invalid(format!("{name} is not UTF-8 text")))
                })
                .transpose()
        };
        let scorecard = match text("scorecard.toml")? {
            Some(definition) => {
                let card = scorecard_from(&definition)
                    .map_err(|e| PackageError::Invalid(format!("scorecard.toml: {e}")))?;
                Some((definition, format!("{} {}", card.id, card.version)))
            }
            None => None,
        };
        let recipients = match text("bank.recipients")? {
            Some(keys) => {
                let n = parse_recipients(&keys, "bank.recipients")
                    .map_err(|e| PackageError::Invalid(e.to_string()))?
                    .len();
                Some((keys, n))
            }
            None => None,
        };
        Ok(Contents {
            households,
            grid: grid.into_iter().collect(),
            records,
            scorecard,
            recipients,
        })
    }
}

fn apply(
    store: &mut Store,
    manifest: &PackageManifest,
    contents: Contents,
) -> Result<PackageImported, PackageError> {
    let (households, departments) = store.write_durable(|tx| {
        let summary = import_households_in(tx, &contents.households)?;
        let departments = replace_department_records_in(
            tx,
            &contents.grid,
            &contents.records,
            &manifest.package_id,
        )?;
        if let Some((definition, _)) = &contents.scorecard {
            write_setting(tx, SCORECARD_SETTING, definition)?;
        }
        if let Some((keys, _)) = &contents.recipients {
            write_setting(tx, BANK_RECIPIENTS_SETTING, keys)?;
        }
        write_setting(tx, LAST_PACKAGE_SETTING, &manifest.package_id)?;
        write_setting(
            tx,
            &format!("{IMPORTED_PREFIX}{}", manifest.package_id),
            &manifest.created_at,
        )?;
        tx.audit(
            AuditKind::PackageImported,
            None,
            json!({
                "package": manifest.package_id,
                "previous": manifest.previous,
                "inserted": summary.inserted,
                "updated": summary.updated,
                "kept_visited": summary.skipped_visited.len(),
                "department_records_changed": departments.people_changed,
                "visited_marked": departments.visited_marked.len(),
                "scorecard": contents.scorecard.as_ref().map(|(_, v)| v),
            }),
        )?;
        Ok((summary, departments))
    })?;
    Ok(PackageImported {
        package_id: manifest.package_id.clone(),
        previous: manifest.previous.clone(),
        created_at: manifest.created_at.clone(),
        households,
        departments,
        scorecard: contents.scorecard.map(|(_, v)| v),
        bank_recipients: contents.recipients.map(|(_, n)| n),
    })
}

fn device_error(e: BatchError) -> PackageError {
    match e {
        BatchError::Store(e) => PackageError::Store(e),
        other => PackageError::DeviceKey(other.to_string()),
    }
}
