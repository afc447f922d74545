-- Store one row of a summary family's finding query (find_payments.sql,
-- find_bank.sql) in payment_findings (run by engine_refresh_summaries()
-- for every row the query returns over each top-level unit and month of
-- the ledger).  :period is the month (yyyymm), :family the family
-- (queries/schema/v6.sql); every other parameter is bound to the query's
-- column of the same name, NULL where it has none.  The ID number, the
-- names and the account are stored in full (queries/schema/v4.sql).
INSERT INTO payment_findings (period, family, region_code, code, payment_id, household_id,
                              application_id, id_number, name, account_name, account_no,
                              amount_fen, detail, finding_rate_fen)
VALUES (:period, :family, :region_code, :code, :payment_id, :household_id, :application_id,
        :id_number_masked, :name_masked, :account_name_masked, :account_no_masked,
        :amount_fen, :detail, :finding_rate_fen)
