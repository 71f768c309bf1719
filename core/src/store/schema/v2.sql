-- Version 2: photos and consent signatures (encrypted files outside the database, each
-- with its own random key kept here), committee reviews and scoring runs.

CREATE TABLE photos (
    photo_id        TEXT PRIMARY KEY,
    hid             INTEGER NOT NULL REFERENCES households(hid) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    source_sha256   TEXT NOT NULL,
    -- 64-bit perceptual hash, stored bit for bit as a signed integer.
    phash           INTEGER NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    thumb_width     INTEGER NOT NULL,
    thumb_height    INTEGER NOT NULL,
    captured_at     TEXT,
    latitude        REAL,
    longitude       REAL,
    accuracy_m      REAL,
    taken_by        TEXT NOT NULL,
    quality_flags   TEXT NOT NULL,
    override_reason TEXT,
    size            INTEGER NOT NULL,
    file_name       TEXT NOT NULL UNIQUE,
    file_key        BLOB NOT NULL,
    thumb_file_name TEXT NOT NULL UNIQUE,
    thumb_file_key  BLOB NOT NULL,
    -- The facts revision the photo was finalized with; NULL while the visit is open.
    revision        INTEGER,
    added_at        TEXT NOT NULL
) STRICT;
CREATE INDEX photos_by_household ON photos(hid);

CREATE TABLE consents (
    consent_id       TEXT PRIMARY KEY,
    hid              INTEGER NOT NULL REFERENCES households(hid) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('personal_info', 'credit_inquiry')),
    text_version     TEXT NOT NULL,
    text_sha256      TEXT NOT NULL,
    signer           TEXT NOT NULL,
    signed_at        TEXT NOT NULL,
    place            TEXT,
    grid_manager     TEXT NOT NULL,
    signature_sha256 TEXT NOT NULL,
    signature_file   TEXT NOT NULL UNIQUE,
    signature_key    BLOB NOT NULL,
    added_at         TEXT NOT NULL
) STRICT;
CREATE INDEX consents_by_household ON consents(hid);

CREATE TABLE committee_reviews (
    id          INTEGER PRIMARY KEY,
    hid         INTEGER NOT NULL REFERENCES households(hid) ON DELETE CASCADE,
    member      TEXT NOT NULL,
    rating      TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX committee_reviews_by_household ON committee_reviews(hid);

CREATE TABLE scoring_runs (
    id                INTEGER PRIMARY KEY,
    hid               INTEGER NOT NULL REFERENCES households(hid) ON DELETE CASCADE,
    scorecard         TEXT NOT NULL,
    scorecard_version TEXT NOT NULL,
    facts_sha256      TEXT NOT NULL,
    points_tenths     INTEGER NOT NULL,
    limit_yuan        INTEGER NOT NULL,
    shown_to_resident INTEGER NOT NULL,
    at                TEXT NOT NULL,
    -- scoring::audit::ScoringRun as JSON.
    run               TEXT NOT NULL
) STRICT;
CREATE INDEX scoring_runs_by_household ON scoring_runs(hid, id);
