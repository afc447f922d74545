-- Statistics of the money of a unit, in P and year to date (by period), per
-- ledger region code, from payment_summary:
-- - dibao and tekun: dibao split by the urban_rural of the payee's
--   household, tekun by the care_mode of the payee's tekun enrolment in
--   force during the row's period (none or empty: dispersed).  Dibao rows
--   whose payee is not in the roster have no split and are left out of
--   these columns (they still count in all_paid_month_fen);
-- - dibao's average benefit: its numerator (money paid in P);
-- - special assistance (专项救助) per item: paid rows of P (人次: rows with
--   period = P and amount_paid > 0, payment_summary.rows), Σ amount_paid of
--   rows with period = P, and Σ amount_paid year to date;
-- - all items (合计): paid_month and paid_ytd as the indicators define them.
-- Columns: region_code, statistic, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH s AS MATERIALIZED (
    SELECT region_code, period, item, split, rows, paid_fen
    FROM payment_summary
    WHERE period >= :period_year_start AND period <= :period
      AND region_code >= :region AND region_code < :region_end
),
split AS (
    SELECT region_code, period, item || '_' || split AS cat, paid_fen FROM s
    WHERE item IN ('dibao', 'tekun') AND split <> ''
),
special AS (
    SELECT region_code, period, 'special_' || item AS cat, rows, paid_fen FROM s
    WHERE item IN ('medical', 'education', 'housing', 'employment', 'disaster', 'heating',
                   'funeral', 'other')
)
SELECT region_code, cat || '_paid_month_fen' AS statistic, SUM(paid_fen) AS numerator,
       CAST(NULL AS BIGINT) AS denominator
FROM split WHERE period = :period GROUP BY region_code, cat
UNION ALL
SELECT region_code, cat || '_paid_ytd_fen', SUM(paid_fen), NULL FROM split GROUP BY region_code, cat
UNION ALL
SELECT region_code, cat || '_avg_benefit_fen', SUM(paid_fen), 0 FROM split
WHERE period = :period AND cat LIKE 'dibao%' GROUP BY region_code, cat
UNION ALL
SELECT region_code, cat || '_count', SUM(rows), NULL FROM special
WHERE period = :period GROUP BY region_code, cat
UNION ALL
SELECT region_code, cat || '_paid_month_fen', SUM(paid_fen), NULL FROM special
WHERE period = :period GROUP BY region_code, cat
UNION ALL
SELECT region_code, cat || '_paid_ytd_fen', SUM(paid_fen), NULL FROM special
GROUP BY region_code, cat
UNION ALL
SELECT region_code, 'all_paid_month_fen', SUM(paid_fen), NULL FROM s
WHERE period = :period GROUP BY region_code
UNION ALL
SELECT region_code, 'all_paid_ytd_fen', SUM(paid_fen), NULL FROM s GROUP BY region_code
