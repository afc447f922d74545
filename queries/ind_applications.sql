-- Application indicators of a unit and month, per application region code
-- inside the unit, over the temp applications received in P (by the date
-- part of received_at):
--   reply_in_time: those decided (decided_at set), or whose receipt +
--     reply_hours is before the end of P.end; numerator: those decided
--     within reply_hours of receipt;
--   urgent_in_time: the approved urgent ones that are assisted (assisted_at
--     set), or whose receipt + urgent_hours is before the end of P.end;
--     numerator: those assisted within urgent_hours of receipt.
-- Exactly reply_hours (urgent_hours) counts as within.  Both parameters are
-- looked up for the application's own region code.
-- Columns: region_code, indicator, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH app AS (
    SELECT a.region_code, a.received_at, a.decided_at, a.assisted_at,
           CASE WHEN a.decision = 'approved' AND a.urgent = 1 THEN 1 ELSE 0 END AS urgent
    FROM applications a
    WHERE a.kind = 'temp' AND a.received_at >= :period_start_secs
      AND a.received_at < :period_end_secs
      AND a.region_code >= :region AND a.region_code < :region_end
),
codes AS (SELECT DISTINCT region_code FROM app),
param_keys AS (
    SELECT c.region_code, n.name
    FROM codes c
    CROSS JOIN (SELECT 'reply_hours' AS name UNION ALL SELECT 'urgent_hours') n
),
-- include: lib/param_at.sql
-- The two limits in seconds per region code.
lim AS (
    SELECT region_code,
           MAX(CASE WHEN name = 'reply_hours' THEN value_e6 END) * 36 / 10000 AS reply_secs,
           MAX(CASE WHEN name = 'urgent_hours' THEN value_e6 END) * 36 / 10000 AS urgent_secs
    FROM param_at GROUP BY region_code
)
SELECT app.region_code, 'reply_in_time' AS indicator,
       SUM(CASE WHEN app.decided_at IS NOT NULL AND app.decided_at - app.received_at <= lim.reply_secs
                THEN 1 ELSE 0 END) AS numerator,
       COUNT(*) AS denominator
FROM app JOIN lim ON lim.region_code = app.region_code
WHERE app.decided_at IS NOT NULL OR app.received_at + lim.reply_secs < :period_end_secs
GROUP BY app.region_code
UNION ALL
SELECT app.region_code, 'urgent_in_time',
       SUM(CASE WHEN app.assisted_at IS NOT NULL
                     AND app.assisted_at - app.received_at <= lim.urgent_secs
                THEN 1 ELSE 0 END),
       COUNT(*)
FROM app JOIN lim ON lim.region_code = app.region_code
WHERE app.urgent = 1
  AND (app.assisted_at IS NOT NULL OR app.received_at + lim.urgent_secs < :period_end_secs)
GROUP BY app.region_code
