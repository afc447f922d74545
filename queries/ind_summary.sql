-- The summarised indicator rows of month P per region code inside the
-- unit, as every import stored them for the months in summary_months:
-- indicator_summary's rows (ind_payments, ind_households, ind_bank) and
-- finding_rate's numerator, the finding_rate_fen of the stored findings
-- (payment_findings: find_payments', find_bank's), counted once per
-- payment_id whichever family named it.
-- Columns: region_code, indicator, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
SELECT region_code, indicator, numerator, denominator
FROM indicator_summary
WHERE period = :period AND region_code >= :region AND region_code < :region_end
UNION ALL
SELECT region_code, 'finding_rate', SUM(fen), NULL
FROM (SELECT region_code, payment_id, MAX(finding_rate_fen) AS fen
      FROM payment_findings
      WHERE period = :period AND region_code >= :region AND region_code < :region_end
        AND finding_rate_fen IS NOT NULL
      GROUP BY region_code, payment_id) r
GROUP BY region_code
