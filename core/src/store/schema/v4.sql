-- Version 4: the grid manager's reconciliation decision for a large model/committee gap,
-- with the scorecard's cap that held when it was made (sealing puts both in the batch).

CREATE TABLE gap_decisions (
    hid         INTEGER PRIMARY KEY REFERENCES households(hid) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    amount_yuan INTEGER NOT NULL,
    cap_yuan    INTEGER,
    scorecard   TEXT NOT NULL,
    decided_by  TEXT,
    decided_at  TEXT NOT NULL
) STRICT;
