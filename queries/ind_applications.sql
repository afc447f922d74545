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
lim AS (
    SELECT c.region_code,
           COALESCE((SELECT p.value_e6 FROM params p
                     WHERE p.name = 'reply_hours' AND p.effective_from <= :period
                       AND p.region_code IN (c.region_code / 10000000000 * 10000000000,
                                             c.region_code / 100000000 * 100000000,
                                             c.region_code / 1000000 * 1000000,
                                             c.region_code / 1000 * 1000, c.region_code)
                     ORDER BY p.region_span, p.effective_from DESC LIMIT 1),
                    (SELECT d.value_e6 FROM param_defaults d WHERE d.name = 'reply_hours'))
               * 36 / 10000 AS secs
    FROM codes c
)
SELECT app.region_code, 'reply_in_time' AS indicator,
       SUM(CASE WHEN app.decided_at IS NOT NULL AND app.decided_at - app.received_at <= lim.secs
                THEN 1 ELSE 0 END) AS numerator,
       COUNT(*) AS denominator
FROM app JOIN lim ON lim.region_code = app.region_code
WHERE app.decided_at IS NOT NULL OR app.received_at + lim.secs < :period_end_secs
GROUP BY app.region_code
