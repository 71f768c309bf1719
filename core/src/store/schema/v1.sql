-- Version 1: households and their members, visit facts, the audit chain, device settings.

CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- `hid` is internal and never personal; audit events point at it. `household_key` is the
-- roster's household number or the head's ID number.
CREATE TABLE households (
    hid              INTEGER PRIMARY KEY,
    household_key    TEXT,
    town             TEXT NOT NULL,
    village          TEXT NOT NULL,
    grp              TEXT NOT NULL,
    -- The household without its members, as JSON (model::Household).
    data             TEXT NOT NULL,
    -- model::LifecycleState as JSON, and its name for indexing.
    state            TEXT NOT NULL,
    state_name       TEXT NOT NULL,
    head_name_masked TEXT NOT NULL,
    head_id_masked   TEXT NOT NULL,
    key_masked       TEXT NOT NULL,
    imported_at      TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX households_by_key ON households(household_key) WHERE household_key IS NOT NULL;
CREATE INDEX households_by_state ON households(state_name);
CREATE INDEX households_by_village ON households(village, grp);

CREATE TABLE members (
    hid       INTEGER NOT NULL REFERENCES households(hid) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    id_number TEXT NOT NULL,
    -- model::Member as JSON.
    data      TEXT NOT NULL,
    PRIMARY KEY (hid, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX members_by_id_number ON members(id_number);

-- Visit facts: one draft revision saved continuously, made final at finalization.
CREATE TABLE facts (
    hid          INTEGER NOT NULL REFERENCES households(hid) ON DELETE CASCADE,
    revision     INTEGER NOT NULL,
    facts        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'final')),
    saved_at     TEXT NOT NULL,
    finalized_at TEXT,
    PRIMARY KEY (hid, revision)
) STRICT;

-- Each event's hash covers the previous event's hash: any edit or deletion breaks the chain.
-- Details never hold personal values (field names, kinds, ids, hashes only).
CREATE TABLE audit_events (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    hid       INTEGER,
    actor     TEXT,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_events_by_household ON audit_events(hid) WHERE hid IS NOT NULL;
