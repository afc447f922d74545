-- Add one row of an indicator query to indicator_summary (run by
-- engine_refresh_summaries() for every row a summary family's indicator
-- queries return over each top-level unit and month of the ledger).
-- :period (yyyymm), :region_code, :indicator, :numerator, :denominator
-- (NULL counts as 0, as in the engine's rollup), :family
-- (queries/schema/v6.sql).
INSERT INTO indicator_summary (period, region_code, indicator, family, numerator, denominator)
VALUES (:period, :region_code, :indicator, :family, COALESCE(:numerator, 0), COALESCE(:denominator, 0))
ON CONFLICT (period, region_code, indicator) DO UPDATE
SET numerator = numerator + excluded.numerator, denominator = denominator + excluded.denominator
