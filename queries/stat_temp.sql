-- Statistics of temporary assistance of a unit: approved temp applications
-- received in P (count: 人次, one per application) and the sum of their
-- amounts, and the same year to date, per application region code.
-- Columns: region_code, statistic, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH a AS (
    SELECT region_code, received_at, COALESCE(amount_fen, 0) AS amount_fen
    FROM applications
    WHERE kind = 'temp' AND decision = 'approved'
      AND received_at >= :period_year_start_secs AND received_at < :period_end_secs
      AND region_code >= :region AND region_code < :region_end
)
SELECT region_code, 'temp_count' AS statistic, COUNT(*) AS numerator, NULL AS denominator
FROM a WHERE received_at >= :period_start_secs GROUP BY region_code
UNION ALL
SELECT region_code, 'temp_amount_fen', SUM(amount_fen), NULL FROM a
WHERE received_at >= :period_start_secs GROUP BY region_code
UNION ALL
SELECT region_code, 'temp_count_ytd', COUNT(*), NULL FROM a GROUP BY region_code
UNION ALL
SELECT region_code, 'temp_amount_ytd_fen', SUM(amount_fen), NULL FROM a GROUP BY region_code
