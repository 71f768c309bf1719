//! The audit trail as a hash chain: each event's hash covers the previous event's hash and
//! all of its own fields, so editing or deleting any event breaks verification. The head
//! (last sequence number and hash) is also kept in `store_meta` and sealed into every batch,
//! so cutting events off the end is detected too. Details hold field names, kinds, ids and
//! hashes, never personal values: the trail outlives purges.

use super::error::{StoreError, StoreResult};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const HEAD_KEY: &str = "audit_head";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    StoreCreated,
    RosterImported,
    /// A household entered the store.
    Created,
    /// Fields changed (their names only, never the values).
    Edited,
    /// A side state or the committee review: not_home, declined, ineligible, reviewed.
    StateChanged,
    CommitteeReviewed,
    PhotoAdded,
    PhotoRemoved,
    ConsentAdded,
    /// The resident refused a consent (its kind; the reason stays out of the trail).
    ConsentRefused,
    Scored,
    ShownToResident,
    Finalized,
    /// A finalized household opened again for a correction (with the reason).
    Reopened,
    Sealed,
    /// A sealed batch was abandoned before upload; its households are finalized again.
    Unsealed,
    Exported,
    Uploaded,
    Purged,
    Rekeyed,
    /// A work package from the bank's platform was applied (its id and what it changed, in counts).
    PackageImported,
}

impl AuditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::StoreCreated => "store_created",
            AuditKind::RosterImported => "roster_imported",
            AuditKind::Created => "created",
            AuditKind::Edited => "edited",
            AuditKind::StateChanged => "state_changed",
            AuditKind::CommitteeReviewed => "committee_reviewed",
            AuditKind::PhotoAdded => "photo_added",
            AuditKind::PhotoRemoved => "photo_removed",
            AuditKind::ConsentAdded => "consent_added",
            AuditKind::ConsentRefused => "consent_refused",
            AuditKind::Scored => "scored",
            AuditKind::ShownToResident => "shown_to_resident",
            AuditKind::Finalized => "finalized",
            AuditKind::Reopened => "reopened",
            AuditKind::Sealed => "sealed",
            AuditKind::Unsealed => "unsealed",
            AuditKind::Exported => "exported",
            AuditKind::Uploaded => "uploaded",
            AuditKind::Purged => "purged",
            AuditKind::Rekeyed => "rekeyed",
            AuditKind::PackageImported => "package_imported",
        }
    }

    fn parse(text: &str) -> Option<AuditKind> {
        serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
    }
}

/// One event of the trail as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub seq: u64,
    /// RFC 3339 local time.
    pub at: String,
    pub kind: AuditKind,
    /// The store's internal household number (never personal).
    pub household_ref: Option<i64>,
    /// The household's id while it is on the device; its masked form after purge.
    pub household: Option<String>,
    /// The signed-in grid manager or operator.
    pub actor: Option<String>,
    pub detail: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

/// The last event's number and hash: what a batch seals to anchor the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChainHead {
    pub seq: u64,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ChainStatus {
    Intact {
        events: u64,
        head: ChainHead,
    },
    /// The first event (by sequence number) where the chain does not hold, and why.
    Broken {
        at_seq: u64,
        reason: String,
    },
}

impl ChainStatus {
    pub fn is_intact(&self) -> bool {
        matches!(self, ChainStatus::Intact { .. })
    }
}

fn event_hash(
    prev: &str,
    seq: u64,
    at: &str,
    kind: &str,
    hid: Option<i64>,
    actor: Option<&str>,
    detail: &str,
) -> String {
    let mut hasher = Sha256::new();
    let hid = hid.map(|h| h.to_string()).unwrap_or_default();
    let seq = seq.to_string();
    // Length-prefixed fields: no two different events hash the same bytes.
    for field in [prev, &seq, at, kind, &hid, actor.unwrap_or(""), detail] {
        hasher.update((field.len() as u64).to_le_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

pub(crate) fn head(conn: &Connection) -> StoreResult<ChainHead> {
    let last = conn
        .query_row(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?;
    Ok(match last {
        Some((seq, hash)) => ChainHead {
            seq: seq as u64,
            hash,
        },
        None => ChainHead {
            seq: 0,
            hash: GENESIS.to_string(),
        },
    })
}

/// Appends one event inside the caller's transaction and moves the anchored head.
pub(crate) fn append(
    conn: &Connection,
    at: &str,
    actor: Option<&str>,
    kind: AuditKind,
    hid: Option<i64>,
    detail: serde_json::Value,
) -> StoreResult<ChainHead> {
    let prev = head(conn)?;
    let seq = prev.seq + 1;
    let detail = detail.to_string();
    let hash = event_hash(&prev.hash, seq, at, kind.as_str(), hid, actor, &detail);
    conn.prepare_cached(
        "INSERT INTO audit_events (seq, at, kind, hid, actor, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        seq as i64,
        at,
        kind.as_str(),
        hid,
        actor,
        detail,
        prev.hash,
        hash
    ])?;
    conn.prepare_cached(
        "INSERT INTO store_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![HEAD_KEY, format!("{seq}:{hash}")])?;
    Ok(ChainHead { seq, hash })
}

/// Recomputes every hash in order and compares the end with the anchored head.
pub(crate) fn verify(conn: &Connection) -> StoreResult<ChainStatus> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, kind, hid, actor, detail, prev_hash, hash FROM audit_events ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected = ChainHead {
        seq: 0,
        hash: GENESIS.to_string(),
    };
    let broken = |at_seq: u64, reason: &str| ChainStatus::Broken {
        at_seq,
        reason: reason.to_string(),
    };
    while let Some(row) = rows.next()? {
        let seq = row.get::<_, i64>(0)? as u64;
        let at: String = row.get(1)?;
        let kind: String = row.get(2)?;
        let hid: Option<i64> = row.get(3)?;
        let actor: Option<String> = row.get(4)?;
        let detail: String = row.get(5)?;
        let prev_hash: String = row.get(6)?;
        let hash: String = row.get(7)?;
        if seq != expected.seq + 1 {
            return Ok(broken(expected.seq + 1, "an event is missing"));
        }
        if prev_hash != expected.hash {
            return Ok(broken(seq, "the link to the previous event does not match"));
        }
        let recomputed = event_hash(&prev_hash, seq, &at, &kind, hid, actor.as_deref(), &detail);
        if recomputed != hash {
            return Ok(broken(seq, "the event was changed after it was written"));
        }
        expected = ChainHead { seq, hash };
    }
    let anchored: Option<String> = conn
        .query_row(
            "SELECT value FROM store_meta WHERE key = ?1",
            [HEAD_KEY],
            |r| r.get(0),
        )
        .optional()?;
    let current = format!("{}:{}", expected.seq, expected.hash);
    match anchored {
        None if expected.seq == 0 => {}
        Some(anchor) if anchor == current => {}
        Some(anchor) => {
            let anchored_seq = anchor
                .split(':')
                .next()
                .and_then(|s| s.parse::<u64>().ok())
                .unwrap_or(0);
            let reason = if anchored_seq > expected.seq {
                "events were removed from the end of the trail"
            } else {
                "the trail's head does not match its anchor"
            };
            return Ok(broken(expected.seq.min(anchored_seq) + 1, reason));
        }
        None => return Ok(broken(1, "the trail's anchor is missing")),
    }
    Ok(ChainStatus::Intact {
        events: expected.seq,
        head: expected,
    })
}

/// Events in order, all of them or one household's.
pub(crate) fn events(conn: &Connection, hid: Option<i64>) -> StoreResult<Vec<AuditEvent>> {
    let mut stmt = conn.prepare(
        "SELECT e.seq, e.at, e.kind, e.hid, coalesce(h.household_key, h.key_masked), e.actor,
                e.detail, e.prev_hash, e.hash
         FROM audit_events e LEFT JOIN households h ON h.hid = e.hid
         WHERE ?1 IS NULL OR e.hid = ?1
         ORDER BY e.seq",
    )?;
    let rows = stmt.query_map([hid], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, at, kind, hid, household, actor, detail, prev_hash, hash) = row?;
        let kind = AuditKind::parse(&kind)
            .ok_or_else(|| StoreError::Damaged(format!("audit event {seq} has an unknown kind")))?;
        out.push(AuditEvent {
            seq: seq as u64,
            at,
            kind,
            household_ref: hid,
            household,
            actor,
            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
            prev_hash,
            hash,
        });
    }
    Ok(out)
}
