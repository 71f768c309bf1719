-- Version 6: work packages from the bank's platform. Department records (court enforcement,
-- dishonest debtors, poverty registry, police records, cars, real estate, farm machinery),
-- keyed by ID number, shown and never edited; and what a package told the grid manager
-- about a household already visited.

CREATE TABLE department_records (
    id_number  TEXT PRIMARY KEY,
    -- model::DepartmentFlags as JSON.
    flags      TEXT NOT NULL,
    package_id TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE household_notices (
    hid        INTEGER NOT NULL REFERENCES households(hid) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('records_changed')),
    package_id TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (hid, kind)
) STRICT;
