-- The summarised indicator rows of month P per region code inside the unit
-- (indicator_summary: ind_payments, ind_households and finding_rate's
-- numerator, computed by every import for the months in summary_months).
-- Columns: region_code, indicator, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
SELECT region_code, indicator, numerator, denominator
FROM indicator_summary
WHERE period = :period AND region_code >= :region AND region_code < :region_end
