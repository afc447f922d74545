-- reply_in_time of a unit and month, per application region code inside the
-- unit.  Denominator: temp applications received in P (by the date part of
-- received_at) that are decided (decided_at set), or whose receipt +
-- reply_hours is before the end of P.end; numerator: those decided within
-- reply_hours of receipt (exactly reply_hours counts as within).
-- reply_hours is looked up for the application's own region code.
-- Columns: region_code, indicator, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH app AS (
    SELECT a.region_code, a.received_at, a.decided_at
    FROM applications a
    WHERE a.kind = 'temp' AND a.received_at >= :period_start_secs
      AND a.received_at < :period_end_secs
      AND a.region_code >= :region AND a.region_code < :region_end
),
codes AS (SELECT DISTINCT region_code FROM app),
param_keys AS (SELECT region_code, 'reply_hours' AS name FROM codes),
-- include: lib/param_at.sql
lim AS (SELECT region_code, value_e6 * 36 / 10000 AS secs FROM param_at)
SELECT app.region_code, 'reply_in_time' AS indicator,
       SUM(CASE WHEN app.decided_at IS NOT NULL AND app.decided_at - app.received_at <= lim.secs
                THEN 1 ELSE 0 END) AS numerator,
       COUNT(*) AS denominator
FROM app JOIN lim ON lim.region_code = app.region_code
WHERE app.decided_at IS NOT NULL OR app.received_at + lim.secs < :period_end_secs
GROUP BY app.region_code
