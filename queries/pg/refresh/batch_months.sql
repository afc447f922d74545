-- PostgreSQL's form of ../../refresh/batch_months.sql (the months an
-- import batch of a monthly table touched): the same statement but for the
-- former period read from import_changes' JSON text, which SQLite reads
-- with json_extract and PostgreSQL with ->> (and a cast: UNION wants one
-- type).  Chosen by store_sql_path for a PostgreSQL store.
-- :batch the batch_id, :table the batch's table
SELECT period FROM payments WHERE :table = 'payments' AND batch_id = :batch
UNION
SELECT period FROM bank_returns WHERE :table = 'bank_returns' AND batch_id = :batch
UNION
SELECT CAST(CAST(old_values AS json) ->> 'period' AS bigint) FROM import_changes
WHERE batch_id = :batch AND table_name = :table
