-- 一卡通回盘相符率 (bank_reconciled) of a unit and month P, per ledger
-- region code inside the unit (the engine adds them up to every unit
-- above).  Denominator: the paid ledger rows of P (amount_paid > 0) of the
-- counties covered by bank returns in P; numerator: those of them whose
-- bank row (of their bank_ref and period P: a bank row answers the ledger
-- of its own period) says success with amount = amount_paid.  A unit
-- without a covered county has no rows, so its rate is empty, not 0.
-- The rows and their bank rows: the view bank_ledger (queries/schema/v6.sql).
-- Columns: region_code, indicator, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
-- Whether a county is covered depends on the region code alone: asked once
-- per region code, of its group.
SELECT region_code, 'bank_reconciled' AS indicator,
       SUM(CASE WHEN status = 'success' AND bank_fen = amount_paid_fen THEN 1 ELSE 0 END)
           AS numerator,
       COUNT(*) AS denominator
FROM bank_ledger l
WHERE period = :period AND region_code >= :region AND region_code < :region_end
GROUP BY region_code
HAVING EXISTS (SELECT 1 FROM bank_returns c
               WHERE c.period = :period
                 AND c.region_code >= l.region_code / 1000000 * 1000000
                 AND c.region_code < l.region_code / 1000000 * 1000000 + 1000000)
