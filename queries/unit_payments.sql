-- The ledger rows of a unit for a month (资金发放明细): every row with
-- period = P coded inside the unit, payee ID masked.
-- Columns: payment_id, region_code, household_id, id_number_masked, item,
-- amount_due_fen, amount_paid_fen, paid_on ('YYYY-MM-DD'), fund_source.
-- param: region region   the unit
-- param: period month    the month the money is for
SELECT payment_id, region_code, household_id, id_number AS id_number_masked, item,
       amount_due_fen, amount_paid_fen, fmt_date(paid_on) AS paid_on, fund_source
FROM payments
WHERE period = :period AND region_code >= :region AND region_code < :region_end
ORDER BY region_code, payment_id
