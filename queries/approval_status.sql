-- 逐级报送审核 of a unit and month P (reports.md "Submission and
-- approval"): one row per county inside the unit that has records (any
-- household, ledger row, application or budget: record_units; has_records
-- 1) or a state of P (has_records 0), and per prefecture inside the unit
-- that has either, with its state, dates, deadline and lateness
-- (lib/submission_at.sql).  A county unit lists itself alone.
-- Dates are YYYY-MM-DD; submitted_on is the latest submission,
-- first_submitted_on the first (what on_time and late_days judge).
-- Columns: region_code, region_name (of the divisions, else the 12 digits), level, has_records, state, first_submitted_on,
-- submitted_on, approved_on, deadline, on_time, late_days, fingerprint,
-- first_submitted_at, submitted_at, approved_at.
-- param: region region   the unit
-- param: period month    the month (P)
WITH rec AS (
    SELECT DISTINCT region_code / 1000000 * 1000000 AS code
    FROM record_units
    WHERE region_code >= :region AND region_code < :region_end
      AND region_code / 1000000 % 100 <> 0 AND region_code / 1000000 * 1000000 >= :region
),
listed AS (
    SELECT code, 1 AS has_records FROM rec
    UNION ALL
    SELECT code / 100000000 * 100000000, 1 FROM rec
    WHERE code / 100000000 * 100000000 >= :region
    UNION ALL
    SELECT region_code, 0 FROM approval_state
    WHERE period = :period AND region_code >= :region AND region_code < :region_end
),
param_keys AS (
    SELECT code AS region_code, 'submit_deadline_day' AS name, MAX(has_records) AS has_records
    FROM listed GROUP BY code
),
-- include: lib/param_at.sql
-- include: lib/submission_at.sql
shown AS (
    SELECT s.*, CASE WHEN s.region_code % 100000000 = 0 THEN 'prefecture' ELSE 'county' END AS level
    FROM submission_at s
)
SELECT region_code, COALESCE((SELECT d.name FROM divisions d WHERE d.code = region_code),
                CAST(region_code AS TEXT)) AS region_name,
       level, has_records, state,
       fmt_date(CASE WHEN level = 'county' THEN first_submitted_jdn END) AS first_submitted_on,
       fmt_date(submitted_at / 86400 + 2440588) AS submitted_on,
       fmt_date(approved_at / 86400 + 2440588) AS approved_on,
       CASE WHEN level = 'county' THEN fmt_date(deadline_jdn) END AS deadline,
       CASE WHEN level = 'county' THEN on_time END AS on_time,
       CASE WHEN level = 'county' THEN late_days END AS late_days,
       fingerprint, first_submitted_at, submitted_at, approved_at
FROM shown
ORDER BY region_code
