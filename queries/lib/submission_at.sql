-- submission_at: the submission of month P (:period) of the units of
-- param_at (the query's param_keys: region_code, name
-- 'submit_deadline_day', and any other columns, passed through; then
-- lib/param_at.sql), by reports.md "Submission and approval" and
-- indicators.md report_on_time: the unit's state (open when approval_state
-- has no row), its first submission (a reopened month submitted again
-- keeps its first date), the deadline (day submit_deadline_day of the
-- month after P, the month's last day when it has fewer days: P.end +
-- that day), whether the first submission came by the end of that day
-- (on_time: 1 or 0; NULL when never submitted) and how many days after it
-- (late_days; 0 when on time).  The store's seconds are local time, so a
-- day is seconds / 86400 + 2440588 (the Julian Day Number of 1970-01-01).
-- Columns: param_at's columns, state, first_submitted_at, submitted_at,
-- approved_at, fingerprint, deadline_jdn, first_submitted_jdn, on_time,
-- late_days.
submission_due AS (
    SELECT a.*, s.state AS stored_state, s.first_submitted_at, s.submitted_at, s.approved_at,
           s.fingerprint,
           :period_end + CASE WHEN a.value_e6 / 1000000
                                   < jdn_add_months(:period_end + 1, 1) - (:period_end + 1)
                              THEN a.value_e6 / 1000000
                              ELSE jdn_add_months(:period_end + 1, 1) - (:period_end + 1) END
               AS deadline_jdn,
           s.first_submitted_at / 86400 + 2440588 AS first_submitted_jdn
    FROM param_at a
    LEFT JOIN approval_state s ON s.region_code = a.region_code AND s.period = :period
),
submission_at AS (
    SELECT d.*, COALESCE(d.stored_state, 'open') AS state,
           CASE WHEN d.first_submitted_at IS NULL THEN NULL
                WHEN d.first_submitted_jdn <= d.deadline_jdn THEN 1 ELSE 0 END AS on_time,
           CASE WHEN d.first_submitted_at IS NULL THEN NULL
                WHEN d.first_submitted_jdn <= d.deadline_jdn THEN 0
                ELSE d.first_submitted_jdn - d.deadline_jdn END AS late_days
    FROM submission_due d
),
