-- 按期报送率 (report_rate) and 按时报送率 (report_on_time) of a unit and
-- month P, one row per county inside the unit that has records (any
-- household, ledger row, application or budget: record_units), which the
-- engine adds up to every unit above (a township or village gets none: no
-- county lies inside it).  Denominator: 1 per such county; report_rate's
-- numerator: 1 when its month P is submitted or approved; report_on_time's:
-- 1 when it is, and its first submission of P came by day
-- submit_deadline_day of the following month (lib/submission_at.sql: a
-- reopened month submitted again keeps its first date; one reopened and
-- not submitted again is not reported, on time or not).
-- Columns: region_code, indicator, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH param_keys AS (
    SELECT DISTINCT region_code / 1000000 * 1000000 AS region_code, 'submit_deadline_day' AS name
    FROM record_units
    WHERE region_code >= :region AND region_code < :region_end
      AND region_code / 1000000 % 100 <> 0 AND region_code / 1000000 * 1000000 >= :region
),
-- include: lib/param_at.sql
-- include: lib/submission_at.sql
reported AS (
    SELECT region_code, CASE WHEN state IN ('submitted', 'approved') THEN 1 ELSE 0 END AS done,
           on_time
    FROM submission_at
)
SELECT region_code, 'report_rate' AS indicator, done AS numerator, 1 AS denominator
FROM reported
UNION ALL
SELECT region_code, 'report_on_time', CASE WHEN done = 1 AND on_time = 1 THEN 1 ELSE 0 END, 1
FROM reported
