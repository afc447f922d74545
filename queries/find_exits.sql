-- Findings on the households of a unit that left dibao or were refused it
-- (indicators.md "Findings", dynamic management):
--   E_GRADUAL_SHORT: a dibao enrolment with end_date in P and
--     gradual_exit_until set, where gradual_exit_min_months is set for the
--     household's region code and gradual_exit_until < end_date +
--     gradual_exit_min_months months; one row per household.
--   E_UNMONITORED: a household with a person alive at P.end, no enrolment
--     of any tier active at end of P, no dibao enrolment with
--     gradual_exit_until >= P.end, and a dibao or tekun application of the
--     household rejected with decided_at's date in (P.end -
--     monitor_window_months months, P.end], or a dibao enrolment with
--     end_date in that window; it names the latest such application
--     (latest decided_at, then the smallest application_id), if any.
-- "d + n months" is the same day n months later, clamped to that month's
-- length (jdn_add_months); month counts use the whole part of the
-- parameter, looked up for the household's own region code.  Alive at
-- P.end: no death date (persons.death_date or a crosscheck 'death' row's
-- event_date, else matched_on) on or before P.end.  Both rules start from a
-- few rows of every region (ended dibao enrolments, rejected applications:
-- partial indexes) and keep the unit's households, one primary-key look-up
-- each, so this runs once for the unit where find_households runs per child.
-- Columns: code, region_code, payment_id, household_id, application_id,
-- id_number_masked (the head's), amount_fen (empty), detail.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH
-- The day before the widest monitoring window in force anywhere in P (the
-- largest monitor_window_months, or the default): the candidates below are
-- found from it, and each household's own window is applied after.
-- ended_from: the same, or the day before P if that is earlier (the
-- enrolments E_GRADUAL_SHORT examines end in P).
widest AS (
    SELECT monitor_from,
           CASE WHEN monitor_from < :period_start THEN monitor_from
                ELSE :period_start - 1 END AS ended_from
    FROM (SELECT jdn_add_months(:period_end, -(MAX(value_e6) / 1000000)) AS monitor_from
          FROM (SELECT value_e6 FROM params
                WHERE name = 'monitor_window_months' AND effective_from <= :period
                UNION ALL
                SELECT value_e6 FROM param_defaults WHERE name = 'monitor_window_months') v) w
),
-- Rejected dibao and tekun applications decided in the widest window
-- (applications_rejected; :period_end_secs is the end of P.end, a day 86400
-- seconds).
rejected AS MATERIALIZED (
    SELECT household_id, application_id, decided_at FROM applications
    WHERE decision = 'rejected' AND kind IN ('dibao', 'tekun')
      AND decided_at >= :period_end_secs
                        - (:period_end - (SELECT monitor_from FROM widest)) * 86400
      AND decided_at < :period_end_secs
),
-- The unit's households with such an application or a dibao enrolment
-- ended after ended_from (enrolments_dibao_ended), each a look-up of the
-- covering households_id_cover (the head's ID is read for the findings
-- only).
cand AS MATERIALIZED (
    SELECT hh.household_id, hh.region_code
    FROM (SELECT household_id FROM enrolments
          WHERE category = 'dibao' AND end_date > (SELECT ended_from FROM widest)
            AND end_date <= :period_end
          UNION
          SELECT household_id FROM rejected) c
    CROSS JOIN households hh
    WHERE hh.household_id = c.household_id
      AND hh.region_code >= :region AND hh.region_code < :region_end
),
param_keys AS (
    SELECT c.region_code, n.name
    FROM (SELECT DISTINCT region_code FROM cand) c
    CROSS JOIN (SELECT 'monitor_window_months' AS name
                UNION ALL SELECT 'gradual_exit_min_months') n
),
-- include: lib/param_at.sql
-- The two parameters of each candidate's region code; monitor_from: P.end -
-- monitor_window_months months, the day before the household's window.
prm AS MATERIALIZED (
    SELECT region_code,
           jdn_add_months(:period_end,
                          -(MAX(CASE WHEN name = 'monitor_window_months' THEN value_e6 END)
                            / 1000000)) AS monitor_from,
           MAX(CASE WHEN name = 'gradual_exit_min_months' THEN value_e6 END) / 1000000
               AS gradual_months
    FROM param_at GROUP BY region_code
),
-- E_UNMONITORED's households, with their latest rejected application of
-- their own window and whether a dibao enrolment ended in it.
-- MATERIALIZED: each look-up made once (the final SELECT tests and shows
-- its results).
unmonitored AS MATERIALIZED (
    SELECT c.household_id, c.region_code, m.monitor_from,
           (SELECT r.application_id FROM rejected r
            WHERE r.household_id = c.household_id
              AND r.decided_at >= :period_end_secs - (:period_end - m.monitor_from) * 86400
            ORDER BY r.decided_at DESC, r.application_id LIMIT 1) AS application_id,
           -- unary +: the household's enrolments, not every ended one
           CASE WHEN EXISTS (SELECT 1 FROM enrolments e
                             WHERE e.household_id = c.household_id AND e.category = 'dibao'
                               AND +e.end_date > m.monitor_from
                               AND +e.end_date <= :period_end) THEN 1 ELSE 0 END AS ended
    FROM cand c CROSS JOIN prm m
    WHERE m.region_code = c.region_code
      AND NOT EXISTS (SELECT 1 FROM enrolments e
                      WHERE e.household_id = c.household_id
                        AND e.start_date <= :period_end
                        AND (e.end_date IS NULL OR e.end_date >= :period_end))
      AND NOT EXISTS (SELECT 1 FROM enrolments e
                      WHERE e.household_id = c.household_id AND e.category = 'dibao'
                        AND e.gradual_exit_until >= :period_end)
      AND EXISTS (SELECT 1 FROM persons p
                  WHERE p.household_id = c.household_id
                    AND (p.death_date IS NULL OR p.death_date > :period_end)
                    AND NOT EXISTS (SELECT 1 FROM crosscheck x
                                    WHERE x.id_number = p.id_number AND x.source = 'death'
                                      AND COALESCE(x.event_date, x.matched_on) <= :period_end))
),
-- E_GRADUAL_SHORT: the unit's dibao enrolments ended in P with a gradual
-- exit shorter than the minimum, the shortest of each household first.
short AS (
    SELECT hh.household_id, hh.region_code, hh.head_id, m.gradual_months, e.end_date,
           e.gradual_exit_until,
           ROW_NUMBER() OVER (PARTITION BY hh.household_id
                              ORDER BY e.gradual_exit_until, e.enrolment_id) AS k
    FROM enrolments e
    CROSS JOIN households hh
    CROSS JOIN prm m
    WHERE hh.household_id = e.household_id AND m.region_code = hh.region_code
      AND e.category = 'dibao' AND e.end_date >= :period_start AND e.end_date <= :period_end
      AND e.gradual_exit_until IS NOT NULL
      AND m.gradual_months IS NOT NULL
      AND e.gradual_exit_until < jdn_add_months(e.end_date, m.gradual_months)
)
SELECT 'E_GRADUAL_SHORT' AS code, region_code, NULL AS payment_id, household_id,
       NULL AS application_id, head_id AS id_number_masked, NULL AS amount_fen,
       '低保于 ' || fmt_date(end_date) || ' 终止，渐退期至 ' || fmt_date(gradual_exit_until)
           || '，不足 ' || gradual_months || ' 个月' AS detail
FROM short WHERE k = 1
UNION ALL
SELECT 'E_UNMONITORED', region_code, NULL, household_id, application_id,
       (SELECT hh.head_id FROM households hh WHERE hh.household_id = u.household_id), NULL,
       '自 ' || fmt_date(monitor_from + 1) || ' 以来'
           || CASE WHEN application_id IS NOT NULL THEN '低保或特困申请被驳回'
                   ELSE '退出低保' END
           || '，期末未纳入任何救助或监测'
FROM unmonitored u WHERE application_id IS NOT NULL OR ended = 1
