-- Rebuild payment_summary for one month (run by engine_refresh_summaries()
-- for every period in the ledger, after the month's old rows are deleted).
-- split: dibao rows by the urban_rural of the payee's household; tekun rows
-- by the care_mode of the payee's tekun enrolment in force during the
-- period (the payee's own, else the household-scope one, latest start;
-- none or empty care_mode: 'dispersed'); '' for other items and for dibao
-- rows whose payee is not in the roster.  rows: the paid rows
-- (amount_paid > 0; 专项救助's 人次), paid_fen: Σ amount_paid of all rows.
-- param: period month   the month rebuilt
INSERT INTO payment_summary (period, region_code, item, split, rows, paid_fen)
SELECT :period, region_code, item, split,
       SUM(CASE WHEN amount_paid_fen > 0 THEN 1 ELSE 0 END), SUM(amount_paid_fen)
FROM (
    SELECT p.region_code, p.item, p.amount_paid_fen,
           CASE p.item
               WHEN 'dibao' THEN COALESCE(h.urban_rural, '')
               WHEN 'tekun' THEN
                   COALESCE(NULLIF((SELECT e.care_mode FROM enrolments e
                             WHERE e.household_id = per.household_id AND e.category = 'tekun'
                               AND (e.id_number = p.id_number OR e.id_number IS NULL)
                               AND e.start_date <= :period_end
                               AND (e.end_date IS NULL OR e.end_date >= :period_start
                                    OR e.gradual_exit_until >= :period_start)
                             ORDER BY CASE WHEN e.id_number IS NULL THEN 1 ELSE 0 END,
                                      e.start_date DESC, e.enrolment_id
                             LIMIT 1), ''), 'dispersed')
               ELSE '' END AS split
    FROM payments p
    LEFT JOIN persons per ON per.id_number = p.id_number
    LEFT JOIN households h ON h.household_id = per.household_id
    WHERE p.period = :period
) x
GROUP BY region_code, item, split
