//! Versioned schema: each migration runs in its own transaction together with the
//! `user_version` bump, so a crash leaves the store at the old or the new version.

use super::error::{StoreError, StoreResult};
use rusqlite::{Connection, TransactionBehavior};

pub struct Migration {
    pub version: u32,
    pub summary: &'static str,
    pub sql: &'static str,
}

/// Every schema version in order. Never edit a shipped migration; add a new one.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        summary: "households, members, facts, audit chain, settings",
        sql: include_str!("schema/v1.sql"),
    },
    Migration {
        version: 2,
        summary: "photos, consents, committee reviews, scoring runs",
        sql: include_str!("schema/v2.sql"),
    },
    Migration {
        version: 3,
        summary: "batches, receipts, purge after receipt",
        sql: include_str!("schema/v3.sql"),
    },
    Migration {
        version: 4,
        summary: "reconciliation decisions for large model/committee gaps",
        sql: include_str!("schema/v4.sql"),
    },
    Migration {
        version: 5,
        summary: "the platform's refusal of a whole batch; consents the resident refused",
        sql: include_str!("schema/v5.sql"),
    },
    Migration {
        version: 6,
        summary: "department records and household notices from work packages",
        sql: include_str!("schema/v6.sql"),
    },
];

/// The schema version this Cunxin writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

pub(crate) fn version(conn: &Connection) -> StoreResult<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema up to `target`, one version per transaction. Refuses a store that is
/// newer than this code, and leaves it untouched.
pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> StoreResult<()> {
    let found = version(conn)?;
    if found > latest_version() {
        return Err(StoreError::TooNew {
            found,
            supported: latest_version(),
        });
    }
    for migration in MIGRATIONS
        .iter()
        .filter(|m| m.version > found && m.version <= target)
    {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(migration.sql)?;
        tx.pragma_update(None, "user_version", migration.version)?;
        tx.commit()?;
    }
    Ok(())
}

pub(crate) fn migrate(conn: &mut Connection) -> StoreResult<()> {
    migrate_to(conn, latest_version())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1, "{}", m.summary);
        }
    }
}
