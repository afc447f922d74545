-- The enrolments (救助对象认定) of a unit's households active at the end of a
-- month: start_date <= P.end and (end_date empty or >= P.end).
-- Columns: enrolment_id, household_id, region_code, id_number_masked,
-- category, care_mode, start_date, end_date, monthly_fen.
-- param: region region   the unit
-- param: period month    the month
SELECT e.enrolment_id, e.household_id, h.region_code, e.id_number AS id_number_masked,
       e.category, e.care_mode, fmt_date(e.start_date) AS start_date,
       fmt_date(e.end_date) AS end_date, e.monthly_fen
FROM enrolments e JOIN households h ON h.household_id = e.household_id
WHERE h.region_code >= :region AND h.region_code < :region_end
  AND e.start_date <= :period_end AND (e.end_date IS NULL OR e.end_date >= :period_end)
ORDER BY h.region_code, e.household_id, e.enrolment_id
