-- 一卡通回盘相符率 (bank_reconciled) of a unit and month P, per ledger
-- region code inside the unit (the engine adds them up to every unit
-- above).  Denominator: the paid ledger rows of P (amount_paid > 0) of the
-- counties covered by bank returns in P; numerator: those of them whose
-- bank row (of their bank_ref and period P: a bank row answers the ledger
-- of its own period) says success with amount = amount_paid.  A unit
-- without a covered county has no rows, so its rate is empty, not 0.
-- Columns: region_code, indicator, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH
-- The unit's paid rows of P (amount_paid > 0), each with its bank row (of
-- its bank_ref and period P) and whether its county is covered by bank
-- returns in P (some bank_returns row of period P coded inside it).
bank_counties AS (
    SELECT c.county,
           CASE WHEN EXISTS (SELECT 1 FROM bank_returns b
                             WHERE b.period = :period AND b.region_code >= c.county
                               AND b.region_code < c.county + 1000000) THEN 1 ELSE 0 END
               AS covered
    FROM (SELECT DISTINCT region_code / 1000000 * 1000000 AS county FROM payments
          WHERE period = :period AND region_code >= :region AND region_code < :region_end) c
),
bank_pay AS MATERIALIZED (
    SELECT p.payment_id, p.region_code, p.household_id, p.id_number, p.amount_due_fen,
           p.amount_paid_fen, p.bank_ref, p.account_no, k.covered,
           b.bank_ref AS bank_found, b.status, b.amount_fen AS bank_fen, b.reason,
           b.account_no AS bank_account, b.account_name
    FROM payments p
    JOIN bank_counties k ON k.county = p.region_code / 1000000 * 1000000
    LEFT JOIN bank_returns b ON b.bank_ref = p.bank_ref AND b.period = :period
    WHERE p.period = :period AND p.region_code >= :region AND p.region_code < :region_end
      AND p.amount_paid_fen > 0
),
checked AS (
    SELECT region_code,
           CASE WHEN status = 'success' AND bank_fen = amount_paid_fen THEN 1 ELSE 0 END AS matched
    FROM bank_pay WHERE covered = 1
)
SELECT region_code, 'bank_reconciled' AS indicator, SUM(matched) AS numerator,
       COUNT(*) AS denominator
FROM checked
GROUP BY region_code
