-- Add one finding_rate_fen of find_payments to finding_summary (run by
-- engine_refresh_summaries() for every row find_payments returns over each
-- top-level unit and month of the ledger).
-- ?1 period (yyyymm), ?2 region_code, ?3 finding_rate_fen.
INSERT INTO finding_summary (period, region_code, paid_fen) VALUES (?1, ?2, ?3)
ON CONFLICT (period, region_code) DO UPDATE SET paid_fen = paid_fen + excluded.paid_fen
