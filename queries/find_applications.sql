-- Findings on the temporary-assistance applications of a unit received in
-- a month (by the date part of received_at):
--   F_TEMP_OVER: approved, amount > cap.  s = the dibao standard at the
--     application's region code, urban or rural by its household (urban if
--     none or unknown); city = the dibao_urban standard there.  cap =
--     advance_max_multiple x s if advance; else 2/3/5 x city for severity
--     disabled/lost_work/lost_selfcare; else s x persons x
--     min(months, temp_max_months) (absent persons/months count as 1).
--     Not examined when the amount or the standard is missing.
--   F_TEMP_MONTHS: approved, months > temp_max_months.
--   F_REPLY_LATE: decided more than reply_hours after receipt, or undecided
--     with receipt + reply_hours before the end of P.end.
-- Parameters are looked up for the application's own region code.
-- Columns: code, region_code, payment_id, household_id, application_id,
-- id_number_masked, amount_fen (the amount for F_TEMP_*), detail.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH app AS (
    SELECT a.application_id, a.household_id, a.id_number, a.region_code, a.decision,
           COALESCE(a.advance, 0) AS advance, a.severity, COALESCE(a.persons, 1) AS persons,
           COALESCE(a.months, 1) AS months, a.received_at, a.decided_at, a.amount_fen,
           COALESCE(h.urban_rural, 'urban') AS urban_rural
    FROM applications a
    LEFT JOIN households h ON h.household_id = a.household_id
    WHERE a.kind = 'temp' AND a.received_at >= :period_start_secs
      AND a.received_at < :period_end_secs
      AND a.region_code >= :region AND a.region_code < :region_end
),
codes AS (SELECT DISTINCT region_code, urban_rural FROM app),
-- Per code: the dibao standard of its urban_rural (own) and the urban one
-- (city); the three parameters.
standard_keys AS (
    SELECT region_code, urban_rural, 'own' AS role, 'dibao_' || urban_rural AS item FROM codes
    UNION ALL
    SELECT region_code, urban_rural, 'city', 'dibao_urban' FROM codes
),
param_keys AS (
    SELECT c.region_code, n.name
    FROM (SELECT DISTINCT region_code FROM codes) c
    CROSS JOIN (SELECT 'advance_max_multiple' AS name UNION ALL SELECT 'temp_max_months'
                UNION ALL SELECT 'reply_hours') n
),
-- include: lib/standard_at.sql
-- include: lib/param_at.sql
std AS (
    SELECT region_code, urban_rural,
           MAX(CASE WHEN role = 'own' THEN monthly_fen END) AS s_fen,
           MAX(CASE WHEN role = 'city' THEN monthly_fen END) AS city_fen
    FROM standard_at GROUP BY region_code, urban_rural
),
lim AS (
    SELECT region_code,
           MAX(CASE WHEN name = 'advance_max_multiple' THEN value_e6 END) AS advance_e6,
           MAX(CASE WHEN name = 'temp_max_months' THEN value_e6 END) / 1000000 AS max_months,
           MAX(CASE WHEN name = 'reply_hours' THEN value_e6 END) * 36 / 10000 AS reply_secs
    FROM param_at GROUP BY region_code
),
prm AS (
    SELECT s.region_code, s.urban_rural, s.s_fen, s.city_fen, l.advance_e6, l.max_months,
           l.reply_secs
    FROM std s JOIN lim l ON l.region_code = s.region_code
),
-- The cap in millionths of a fen, so fractional multiples stay exact.
capped AS (
    SELECT a.*, m.max_months, m.reply_secs,
           CASE WHEN a.advance = 1 THEN m.advance_e6 * m.s_fen
                WHEN a.severity = 'disabled' THEN 2000000 * m.city_fen
                WHEN a.severity = 'lost_work' THEN 3000000 * m.city_fen
                WHEN a.severity = 'lost_selfcare' THEN 5000000 * m.city_fen
                ELSE 1000000 * m.s_fen * a.persons
                     * CASE WHEN a.months < m.max_months THEN a.months ELSE m.max_months END
           END AS cap_e6
    FROM app a JOIN prm m ON m.region_code = a.region_code AND m.urban_rural = a.urban_rural
),
hit AS (
    SELECT application_id, 'F_TEMP_OVER' AS code,
           '救助金额 ' || fmt_yuan(amount_fen) || ' 元，超过按标准计算的上限 '
               || fmt_yuan(cap_e6 / 1000000) || ' 元' AS detail
    FROM capped
    WHERE decision = 'approved' AND amount_fen * 1000000 > cap_e6
    UNION ALL
    SELECT application_id, 'F_TEMP_MONTHS',
           '困难持续 ' || months || ' 个月，超过上限 ' || max_months || ' 个月'
    FROM capped WHERE decision = 'approved' AND months > max_months
    UNION ALL
    SELECT application_id, 'F_REPLY_LATE',
           CASE WHEN decided_at IS NULL THEN '受理后超过 ' || (reply_secs / 3600) || ' 小时未答复'
                ELSE '受理后 ' || ((decided_at - received_at) / 60) || ' 分钟才答复，时限 '
                         || (reply_secs / 3600) || ' 小时' END
    FROM capped
    WHERE (decided_at IS NOT NULL AND decided_at - received_at > reply_secs)
       OR (decided_at IS NULL AND received_at + reply_secs < :period_end_secs)
)
SELECT h.code, c.region_code, NULL AS payment_id, c.household_id, c.application_id,
       c.id_number AS id_number_masked,
       CASE WHEN h.code IN ('F_TEMP_OVER', 'F_TEMP_MONTHS') THEN c.amount_fen END AS amount_fen,
       h.detail
FROM hit h JOIN capped c ON c.application_id = h.application_id
