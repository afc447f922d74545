-- Schema version 7: submission and approval (reports.md "Submission and
-- approval (逐级报送审核)").
--
-- approval_state: the state of a county's or a prefecture's month, one row
-- per unit and month that ever left `open` (no row: open).  A county goes
-- open -> submitted -> approved, a prefecture open -> approved; `reopen`
-- takes either back to open.  first_submitted_at is the county's first
-- submission of the month (report_on_time counts it, whatever reopening
-- came after), submitted_at and fingerprint those of its latest one (the
-- SHA-256 of its indicators and findings then: `status` compares it with
-- today's), approved_at the latest approval.  Times are seconds since
-- 1970-01-01 00:00 of local time, as every datetime of the store.
CREATE TABLE approval_state (
    region_code        INTEGER NOT NULL,
    period             INTEGER NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('open', 'submitted', 'approved')),
    first_submitted_at INTEGER,
    submitted_at       INTEGER,
    approved_at        INTEGER,
    fingerprint        TEXT,
    PRIMARY KEY (region_code, period)
);

-- approval_log: every transition, appended in the same transaction as the
-- state change it records: who (--by, else the login name), when, from
-- and to which state, the reason (reopen requires one) and the unit's
-- fingerprint at that moment (counties).  The record is never deleted or
-- changed: the triggers abort any UPDATE or DELETE of it.
CREATE TABLE approval_log (
    seq         INTEGER PRIMARY KEY,
    region_code INTEGER NOT NULL,
    period      INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('submit', 'approve', 'reopen')),
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    by_name     TEXT NOT NULL,
    at          INTEGER NOT NULL,
    reason      TEXT,
    fingerprint TEXT
);
CREATE INDEX approval_log_unit ON approval_log(region_code, period, seq);

CREATE TRIGGER approval_log_no_update BEFORE UPDATE ON approval_log
BEGIN
    SELECT RAISE(ABORT, 'approval_log is append-only: a recorded transition is never changed');
END;
CREATE TRIGGER approval_log_no_delete BEFORE DELETE ON approval_log
BEGIN
    SELECT RAISE(ABORT, 'approval_log is append-only: a recorded transition is never deleted');
END;
