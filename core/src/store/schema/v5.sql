-- Version 5: the platform's refusal of a whole batch, kept so the batch list says why it
-- still waits (its households stay sealed until it is sent again or unsealed).

ALTER TABLE batches ADD COLUMN refused_reason TEXT;
ALTER TABLE batches ADD COLUMN refused_at TEXT;

-- A consent the resident refused, per household and kind (the latest refusal; signing the
-- consent later removes it).
CREATE TABLE consent_refusals (
    hid          INTEGER NOT NULL REFERENCES households(hid) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('personal_info', 'credit_inquiry')),
    signer       TEXT NOT NULL,
    reason       TEXT NOT NULL,
    grid_manager TEXT,
    refused_at   TEXT NOT NULL,
    PRIMARY KEY (hid, kind)
) STRICT;
