-- 1 if month P's indicators are in indicator_summary, else 0.
-- Columns: summarised.
-- param: period month    the month (P)
SELECT CASE WHEN EXISTS (SELECT 1 FROM summary_months WHERE period = :period) THEN 1 ELSE 0 END
       AS summarised
