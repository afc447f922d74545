-- The ledger months an import batch of a monthly table (?2: payments or
-- bank_returns) touched: the period of every row it inserted or replaced,
-- and the former period of every row it replaced (import_changes keeps the
-- old values).  The summaries of other months cannot have changed through
-- these rows: every summarised query reads ledger and bank rows of its own
-- month only (queries/README.md).  The branch of the other table reads no
-- row (its constant test fails first).
-- ?1 batch_id, ?2 the batch's table
SELECT period FROM payments WHERE ?2 = 'payments' AND batch_id = ?1
UNION
SELECT period FROM bank_returns WHERE ?2 = 'bank_returns' AND batch_id = ?1
UNION
SELECT json_extract(old_values, '$.period') FROM import_changes
WHERE batch_id = ?1 AND table_name = ?2
