-- Add one row of an indicator query to indicator_summary (run by
-- engine_refresh_summaries() for every row a summary family's indicator
-- queries return over each top-level unit and month of the ledger).
-- ?1 period (yyyymm), ?2 region_code, ?3 indicator, ?4 numerator,
-- ?5 denominator (NULL counts as 0, as in the engine's rollup), ?6 the
-- family (queries/schema/v6.sql).
INSERT INTO indicator_summary (period, region_code, indicator, family, numerator, denominator)
VALUES (?1, ?2, ?3, ?6, COALESCE(?4, 0), COALESCE(?5, 0))
ON CONFLICT (period, region_code, indicator) DO UPDATE
SET numerator = numerator + excluded.numerator, denominator = denominator + excluded.denominator
