-- Store one row of find_payments.sql in payment_findings (run by
-- engine_refresh_summaries() for every row find_payments returns over each
-- top-level unit and month of the ledger, the run whose finding_rate_fen
-- indicator_summary sums).  :period is the month (yyyymm); every other
-- parameter is bound to find_payments' column of the same name.  The ID
-- number and the name are stored in full (queries/schema/v4.sql).
INSERT INTO payment_findings (period, region_code, code, payment_id, household_id,
                              application_id, id_number, name, amount_fen, detail,
                              finding_rate_fen)
VALUES (:period, :region_code, :code, :payment_id, :household_id, :application_id,
        :id_number_masked, :name_masked, :amount_fen, :detail, :finding_rate_fen)
