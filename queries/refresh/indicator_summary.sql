-- Add one row of an indicator query to indicator_summary (run by
-- engine_refresh_summaries() for every row a summary family's indicator
-- queries return over each top-level unit and month of the ledger).
-- :period (yyyymm), :region_code, :indicator, :numerator, :denominator
-- (NULL counts as 0, as in the engine's rollup), :family
-- (queries/schema/v6.sql).  The casts say the counts' type, which
-- PostgreSQL would otherwise take from the 0 (integer, 32 bits).
INSERT INTO indicator_summary (period, region_code, indicator, family, numerator, denominator)
VALUES (:period, :region_code, :indicator, :family, COALESCE(CAST(:numerator AS BIGINT), 0),
        COALESCE(CAST(:denominator AS BIGINT), 0))
ON CONFLICT (period, region_code, indicator) DO UPDATE
SET numerator = indicator_summary.numerator + excluded.numerator,
    denominator = indicator_summary.denominator + excluded.denominator
