-- The ledger months an import batch of payments touched: the period of
-- every row it inserted or replaced, and the former period of every row it
-- replaced (import_changes keeps the old values).  The summaries of other
-- months cannot have changed through the ledger: every summarised query
-- reads ledger rows of its own month only (queries/README.md).
-- ?1 batch_id
SELECT period FROM payments WHERE batch_id = ?1
UNION
SELECT json_extract(old_values, '$.period') FROM import_changes
WHERE batch_id = ?1 AND table_name = 'payments'
