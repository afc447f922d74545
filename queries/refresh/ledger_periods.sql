-- The months present in the ledger, for rebuilding payment_summary.
SELECT DISTINCT period FROM payments ORDER BY period
