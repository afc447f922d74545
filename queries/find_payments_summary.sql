-- The findings on the ledger rows of a unit and month P as the summary
-- families' finding queries give them (find_payments.sql, find_bank.sql),
-- read from payment_findings, where every import stores their rows for the
-- months in summary_months (the engine runs the queries themselves for any
-- other month; see queries/schema/v3.sql and v6.sql), with full values
-- (queries/schema/v4.sql) that outputs mask.
-- Columns: code, region_code, payment_id, household_id, application_id,
-- id_number_masked, name_masked, account_name_masked, account_no_masked,
-- amount_fen, detail, finding_rate_fen.
-- param: region region   the report unit
-- param: period month    the month (P)
SELECT code, region_code, payment_id, household_id, application_id,
       id_number AS id_number_masked, name AS name_masked, account_name AS account_name_masked,
       account_no AS account_no_masked, amount_fen, detail, finding_rate_fen
FROM payment_findings
WHERE period = :period AND region_code >= :region AND region_code < :region_end
