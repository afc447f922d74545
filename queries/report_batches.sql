-- Data sources of a report: every import batch recorded in the store, with
-- the imported file's name, SHA-256 and row counts (rows_rejected: rows a
-- --partial import left out).
SELECT batch_id, table_name, file_name, sha256, started_at, rows_read, rows_inserted,
       rows_replaced, rows_unchanged, rows_rejected
FROM import_batches
ORDER BY batch_id
