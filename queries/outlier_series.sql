-- The regular monthly payments a unit's outliers are judged on
-- (indicators.md "Outliers"): per ledger region code inside the unit and
-- month of [P - 12 months, P], the money and the number of the paid ledger
-- rows (amount_paid > 0) of items dibao and tekun, from payment_summary
-- (money is never negative, so its paid_fen is the paid rows' sum).  The
-- engine adds them up the hierarchy (engine_rollup) into paid_month (the
-- numerator), paid_rows (the denominator) and their quotient paid_per_row,
-- and judges each unit's month P against its own months before
-- (src/engine/outliers.c).
-- Columns: region_code, month ('yyyymm'), numerator (fen), denominator (rows).
-- param: region region   the report unit
-- param: period month    the month judged (P)
SELECT region_code, CAST(period AS TEXT) AS month, SUM(paid_fen) AS numerator,
       SUM(rows) AS denominator
FROM payment_summary
WHERE item IN ('dibao', 'tekun') AND period >= :period_back12 AND period <= :period
  AND region_code >= :region AND region_code < :region_end
GROUP BY region_code, period
HAVING SUM(rows) > 0
ORDER BY region_code, period
