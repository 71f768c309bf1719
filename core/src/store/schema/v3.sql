-- Version 3: sealed batches, platform receipts, and purge after receipt.

CREATE TABLE batches (
    batch_id    TEXT PRIMARY KEY,
    sealed_at   TEXT NOT NULL,
    -- sealed, exported, uploaded, or reopened (a batch abandoned before upload).
    status      TEXT NOT NULL,
    households  INTEGER NOT NULL,
    -- Audit chain head when sealed, so the bank can anchor the device's chain.
    audit_seq   INTEGER NOT NULL,
    audit_hash  TEXT NOT NULL,
    exported_at TEXT,
    uploaded_at TEXT
) STRICT;

CREATE TABLE batch_households (
    batch_id TEXT NOT NULL REFERENCES batches(batch_id),
    hid      INTEGER NOT NULL REFERENCES households(hid),
    PRIMARY KEY (batch_id, hid)
) STRICT, WITHOUT ROWID;
CREATE INDEX batch_households_by_household ON batch_households(hid);

CREATE TABLE receipts (
    receipt_id  TEXT PRIMARY KEY,
    batch_id    TEXT NOT NULL REFERENCES batches(batch_id),
    received_at TEXT NOT NULL,
    -- The platform's receipt as it arrived.
    body        TEXT NOT NULL
) STRICT;

ALTER TABLE households ADD COLUMN receipt_id TEXT;
ALTER TABLE households ADD COLUMN purged_at TEXT;
