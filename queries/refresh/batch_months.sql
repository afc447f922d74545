-- The ledger months an import batch of a monthly table (:table: payments or
-- bank_returns) touched: the period of every row it inserted or replaced,
-- and the former period of every row it replaced (import_changes keeps the
-- old values).  The summaries of other months cannot have changed through
-- these rows: every summarised query reads ledger and bank rows of its own
-- month only (queries/README.md).  The branch of the other table reads no
-- row (its constant test fails first).
-- :batch the batch_id, :table the batch's table
SELECT period FROM payments WHERE :table = 'payments' AND batch_id = :batch
UNION
SELECT period FROM bank_returns WHERE :table = 'bank_returns' AND batch_id = :batch
UNION
SELECT json_extract(old_values, '$.period') FROM import_changes
WHERE batch_id = :batch AND table_name = :table
