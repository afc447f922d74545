-- Statistics of dibao and tekun money of a unit, in P and year to date (by
-- period), per ledger region code, from payment_summary: dibao split by the
-- urban_rural of the payee's household, tekun by the care_mode of the
-- payee's tekun enrolment in force during the row's period (none or empty:
-- dispersed).  Dibao rows whose payee is not in the roster have no split
-- and are left out of these columns (they still count in paid_month).
-- Also the numerator of dibao's average benefit (money paid in P).
-- Columns: region_code, statistic, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH s AS (
    SELECT region_code, period, item || '_' || split AS cat, paid_fen
    FROM payment_summary
    WHERE period >= :period_year_start AND period <= :period
      AND region_code >= :region AND region_code < :region_end
      AND item IN ('dibao', 'tekun') AND split <> ''
)
SELECT region_code, cat || '_paid_month_fen' AS statistic, SUM(paid_fen) AS numerator,
       NULL AS denominator
FROM s WHERE period = :period GROUP BY region_code, cat
UNION ALL
SELECT region_code, cat || '_paid_ytd_fen', SUM(paid_fen), NULL FROM s GROUP BY region_code, cat
UNION ALL
SELECT region_code, cat || '_avg_benefit_fen', SUM(paid_fen), 0 FROM s
WHERE period = :period AND cat LIKE 'dibao%' GROUP BY region_code, cat
