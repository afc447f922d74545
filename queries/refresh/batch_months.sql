-- The former ledger months of the rows an import batch of a monthly table
-- (:table: payments or bank_returns) replaced (import_changes keeps the old
-- values).  The import adds the period of every row the batch inserted or
-- replaced, which its loader noted as it wrote them (src/store/import.c
-- note_month: finding them here took a scan of the whole table, the table
-- having no index on batch_id).  The summaries of other months cannot have
-- changed through these rows: every summarised query reads ledger and bank
-- rows of its own month only (queries/README.md).
-- :batch the batch_id, :table the batch's table
SELECT json_extract(old_values, '$.period') FROM import_changes
WHERE batch_id = :batch AND table_name = :table
