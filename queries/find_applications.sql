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
--   F_URGENT_LATE: approved and urgent, assisted more than urgent_hours
--     after receipt, or not assisted with receipt + urgent_hours before the
--     end of P.end.
-- Parameters are looked up for the application's own region code.
-- Columns: code, region_code, payment_id, household_id, application_id,
-- id_number_masked, amount_fen (the amount for F_TEMP_*), detail.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH app AS (
    SELECT a.application_id, a.household_id, a.id_number, a.region_code, a.decision,
           COALESCE(a.urgent, 0) AS urgent, a.assisted_at, COALESCE(a.advance, 0) AS advance, a.severity, COALESCE(a.persons, 1) AS persons,
           COALESCE(a.months, 1) AS months, a.received_at, a.decided_at, a.amount_fen,
           COALESCE(h.urban_rural, 'urban') AS urban_rural
    FROM applications a
    LEFT JOIN households h ON h.household_id = a.household_id
    WHERE a.kind = 'temp' AND a.received_at >= :period_start_secs
      AND a.received_at < :period_end_secs
      AND a.region_code >= :region AND a.region_code < :region_end
),
codes AS (SELECT DISTINCT region_code, urban_rural FROM app),
-- The four parameters and the two dibao standards of each application region
-- code, side by side.
param_keys AS (
    SELECT c.region_code, n.name
    FROM (SELECT DISTINCT region_code FROM app) c
    CROSS JOIN (SELECT 'advance_max_multiple' AS name UNION ALL SELECT 'temp_max_months'
                UNION ALL SELECT 'reply_hours' UNION ALL SELECT 'urgent_hours') n
),
standard_keys AS (
    SELECT c.region_code, n.item
    FROM (SELECT DISTINCT region_code FROM app) c
    CROSS JOIN (SELECT 'dibao_urban' AS item UNION ALL SELECT 'dibao_rural') n
),
-- include: lib/param_at.sql
-- include: lib/standard_at.sql
lim AS (
    SELECT region_code,
           MAX(CASE WHEN name = 'advance_max_multiple' THEN value END) AS advance_e6,
           MAX(CASE WHEN name = 'temp_max_months' THEN value END) / 1000000 AS max_months,
           MAX(CASE WHEN name = 'reply_hours' THEN value END) * 36 / 10000 AS reply_secs,
           MAX(CASE WHEN name = 'urgent_hours' THEN value END) * 36 / 10000 AS urgent_secs,
           MAX(CASE WHEN name = 'dibao_urban' THEN value END) AS dibao_urban,
           MAX(CASE WHEN name = 'dibao_rural' THEN value END) AS dibao_rural
    FROM (SELECT region_code, name, value_e6 AS value FROM param_at
          UNION ALL
          SELECT region_code, item, monthly_fen FROM standard_at) v
    GROUP BY region_code
),
-- s_fen: the standard of the applicant's urban_rural; city_fen: the urban one.
prm AS (
    SELECT c.region_code, c.urban_rural, l.advance_e6, l.max_months, l.reply_secs,
           l.urgent_secs,
           CASE c.urban_rural WHEN 'urban' THEN l.dibao_urban
                              WHEN 'rural' THEN l.dibao_rural END AS s_fen,
           l.dibao_urban AS city_fen
    FROM codes c JOIN lim l ON l.region_code = c.region_code
),
-- The cap in millionths of a fen, so fractional multiples stay exact.
capped AS (
    SELECT a.*, m.max_months, m.reply_secs, m.urgent_secs,
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
    UNION ALL
    SELECT application_id, 'F_URGENT_LATE',
           CASE WHEN assisted_at IS NULL
                THEN '急难申请受理后超过 ' || (urgent_secs / 3600) || ' 小时未救助'
                ELSE '急难申请受理后 ' || ((assisted_at - received_at) / 60) || ' 分钟才救助，时限 '
                         || (urgent_secs / 3600) || ' 小时' END
    FROM capped
    WHERE decision = 'approved' AND urgent = 1
      AND ((assisted_at IS NOT NULL AND assisted_at - received_at > urgent_secs)
           OR (assisted_at IS NULL AND received_at + urgent_secs < :period_end_secs))
)
SELECT h.code, c.region_code, NULL AS payment_id, c.household_id, c.application_id,
       c.id_number AS id_number_masked,
       CASE WHEN h.code IN ('F_TEMP_OVER', 'F_TEMP_MONTHS') THEN c.amount_fen END AS amount_fen,
       h.detail
FROM hit h JOIN capped c ON c.application_id = h.application_id
