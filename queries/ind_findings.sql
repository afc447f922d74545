-- finding_rate's numerator per region code inside the unit for month P:
-- the ledger money named by a payment-level finding, from finding_summary
-- (find_payments' finding_rate_fen, summed at import).  The denominator
-- comes from ind_payments.sql.
-- Columns: region_code, indicator, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
SELECT region_code, 'finding_rate' AS indicator, paid_fen AS numerator, NULL AS denominator
FROM finding_summary
WHERE period = :period AND region_code >= :region AND region_code < :region_end
