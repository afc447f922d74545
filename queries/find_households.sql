-- Findings on the households and persons of a unit as they stand at the end
-- of a month (indicators.md "Findings"; E_ eligibility, F_CROSSCHECK,
-- roster Q_BAD_ID, Q_MEMBERS).  Every household of the unit is examined
-- (registration matters only to E_MISSED_DIBAO, as the spec says).
-- "Alive at P.end": no death date (persons.death_date or a crosscheck
-- 'death' row's event_date, else matched_on) on or before P.end.  An
-- enrolment is active at end of P if start_date <= P.end and (end_date empty
-- or >= P.end); its persons are the one person if id_number is set, else
-- the household's.  Standards and parameters are looked up for the
-- household's own region code.  Person-level codes (F_CROSSCHECK,
-- E_TEKUN_AGE, Q_BAD_ID) give one row per person, on the household; the
-- others one row per household with the head's ID.
-- Columns: code, region_code, payment_id, household_id, application_id,
-- id_number_masked, amount_fen (empty), detail.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH hh AS (
    SELECT household_id, region_code, urban_rural, head_id, members, income_pc_monthly_fen,
           annual_income_fen, rigid_expense_12m_fen, COALESCE(assets_ok, 0) AS assets_ok,
           registered_on
    FROM households
    WHERE region_code >= :region AND region_code < :region_end
),
std AS (
    SELECT c.region_code, c.urban_rural,
           (SELECT s.monthly_fen FROM standards s
            WHERE s.item = 'dibao_' || c.urban_rural AND s.effective_from <= :period
              AND s.region_code IN (c.region_code / 10000000000 * 10000000000,
                                    c.region_code / 100000000 * 100000000,
                                    c.region_code / 1000000 * 1000000,
                                    c.region_code / 1000 * 1000, c.region_code)
            ORDER BY s.region_span, s.effective_from DESC LIMIT 1) AS dibao_fen
    FROM (SELECT DISTINCT region_code, urban_rural FROM hh) c
),
prm AS (
    SELECT c.region_code, n.name,
           COALESCE((SELECT p.value_e6 FROM params p
                     WHERE p.name = n.name AND p.effective_from <= :period
                       AND p.region_code IN (c.region_code / 10000000000 * 10000000000,
                                             c.region_code / 100000000 * 100000000,
                                             c.region_code / 1000000 * 1000000,
                                             c.region_code / 1000 * 1000, c.region_code)
                     ORDER BY p.region_span, p.effective_from DESC LIMIT 1),
                    (SELECT d.value_e6 FROM param_defaults d WHERE d.name = n.name)) AS value_e6
    FROM (SELECT DISTINCT region_code FROM hh) c
    CROSS JOIN (SELECT 'edge_multiplier' AS name UNION ALL SELECT 'rigid_expense_ratio'
                UNION ALL SELECT 'disposable_income_py' UNION ALL SELECT 'review_days') n
),
-- The four parameters side by side, one row per region code.
prmw AS MATERIALIZED (
    SELECT region_code,
           MAX(CASE WHEN name = 'edge_multiplier' THEN value_e6 END) AS edge_e6,
           MAX(CASE WHEN name = 'rigid_expense_ratio' THEN value_e6 END) AS ratio_e6,
           MAX(CASE WHEN name = 'disposable_income_py' THEN value_e6 END) AS dpi_e6,
           MAX(CASE WHEN name = 'review_days' THEN value_e6 END) / 1000000 AS review_days
    FROM prm GROUP BY region_code
),
death AS (
    SELECT id_number, MIN(COALESCE(event_date, matched_on)) AS day
    FROM crosscheck WHERE source = 'death' GROUP BY id_number
),
-- Per household, what its enrolments say at P (one pass over them).
ef AS (
    SELECT e.household_id,
           MAX(CASE WHEN e.active = 1 AND e.category = 'dibao' AND e.id_number IS NULL
                    THEN 1 ELSE 0 END) AS dibao_hh_active,
           MAX(CASE WHEN e.active = 1 AND e.category IN ('dibao', 'tekun', 'edge', 'rigid')
                    THEN 1 ELSE 0 END) AS review_due,
           MAX(CASE WHEN e.active = 1 AND e.category = 'edge' THEN 1 ELSE 0 END) AS edge_active,
           MAX(CASE WHEN e.active = 1 AND e.category = 'rigid' THEN 1 ELSE 0 END) AS rigid_active,
           MAX(CASE WHEN e.active = 1 AND e.category IN ('dibao', 'tekun') AND e.id_number IS NULL
                    THEN 1 ELSE 0 END) AS dt_hh_active,
           MAX(CASE WHEN e.active = 1 AND e.category = 'tekun' AND e.id_number IS NULL
                    THEN 1 ELSE 0 END) AS tekun_hh_active,
           MAX(CASE WHEN e.category = 'dibao' AND e.start_date <= :period_end
                     AND e.gradual_exit_until >= :period_start THEN 1 ELSE 0 END) AS gradual_exit,
           MAX(CASE WHEN e.category IN ('dibao', 'tekun') AND e.start_date <= :period_end
                     AND (e.end_date IS NULL OR e.end_date >= :period_start
                          OR e.gradual_exit_until >= :period_start)
                    THEN 1 ELSE 0 END) AS dt_in_force
    FROM (SELECT x.household_id, x.id_number, x.category, x.start_date, x.end_date,
                 x.gradual_exit_until,
                 CASE WHEN x.start_date <= :period_end
                       AND (x.end_date IS NULL OR x.end_date >= :period_end) THEN 1 ELSE 0 END
                     AS active
          FROM hh CROSS JOIN enrolments x ON x.household_id = hh.household_id) e
    GROUP BY e.household_id
),
-- Persons with an individual enrolment active at end of P.
pf AS (
    SELECT e.id_number,
           MAX(CASE WHEN e.category IN ('dibao', 'tekun') THEN 1 ELSE 0 END) AS dt_active,
           MAX(CASE WHEN e.category = 'tekun' THEN 1 ELSE 0 END) AS tekun_active
    FROM hh CROSS JOIN enrolments e ON e.household_id = hh.household_id
    WHERE e.id_number IS NOT NULL AND e.start_date <= :period_end
      AND (e.end_date IS NULL OR e.end_date >= :period_end)
    GROUP BY e.id_number
),
mem AS MATERIALIZED (
    SELECT m.id_number, m.household_id, m.disability_grade,
           CASE WHEN (m.death_date IS NULL OR m.death_date > :period_end)
                 AND (d.day IS NULL OR d.day > :period_end) THEN 1 ELSE 0 END AS alive,
           CASE WHEN ef.dt_hh_active = 1 OR pf.dt_active = 1 THEN 1 ELSE 0 END AS dt_person,
           CASE WHEN ef.tekun_hh_active = 1 OR pf.tekun_active = 1 THEN 1 ELSE 0 END
               AS tekun_person
    FROM hh CROSS JOIN persons m ON m.household_id = hh.household_id
    LEFT JOIN death d ON d.id_number = m.id_number
    LEFT JOIN ef ON ef.household_id = m.household_id
    LEFT JOIN pf ON pf.id_number = m.id_number
),
alive AS (SELECT household_id, SUM(alive) AS n_alive FROM mem GROUP BY household_id),
h AS MATERIALIZED (
    SELECT hh.*, s.dibao_fen, pw.edge_e6, pw.ratio_e6, pw.dpi_e6, pw.review_days,
           COALESCE(ef.dibao_hh_active, 0) AS dibao_hh_active,
           COALESCE(ef.review_due, 0) AS review_due,
           COALESCE(ef.edge_active, 0) AS edge_active,
           COALESCE(ef.rigid_active, 0) AS rigid_active,
           COALESCE(ef.gradual_exit, 0) AS gradual_exit,
           COALESCE(ef.dt_in_force, 0) AS dt_in_force,
           COALESCE(al.n_alive, 0) AS n_alive
    FROM hh
    JOIN std s ON s.region_code = hh.region_code AND s.urban_rural = hh.urban_rural
    JOIN prmw pw ON pw.region_code = hh.region_code
    LEFT JOIN ef ON ef.household_id = hh.household_id
    LEFT JOIN alive al ON al.household_id = hh.household_id
),
reviewed AS (
    SELECT DISTINCT r.household_id
    FROM reviews r JOIN h ON h.household_id = r.household_id
    WHERE h.review_due = 1 AND r.kind = 'comprehensive'
      AND r.reviewed_on > :period_end - h.review_days AND r.reviewed_on <= :period_end
),
hit AS (
    SELECT household_id, NULL AS id_number, 'E_INCOME_ABOVE' AS code,
           '月人均收入 ' || fmt_yuan(income_pc_monthly_fen) || ' 元，不低于低保标准 '
               || fmt_yuan(dibao_fen) || ' 元' AS detail
    FROM h
    WHERE dibao_hh_active = 1 AND income_pc_monthly_fen >= dibao_fen AND gradual_exit = 0
    UNION ALL
    SELECT household_id, NULL, 'E_MISSED_DIBAO',
           '月人均收入 ' || fmt_yuan(income_pc_monthly_fen) || ' 元，低于低保标准 '
               || fmt_yuan(dibao_fen) || ' 元，财产符合，未纳入低保或特困'
    FROM h
    WHERE (registered_on IS NULL OR registered_on <= :period_end) AND n_alive > 0
      AND income_pc_monthly_fen < dibao_fen AND assets_ok = 1 AND dt_in_force = 0
    UNION ALL
    SELECT household_id, NULL, 'E_EDGE_MISFIT',
           '低保边缘家庭月人均收入 ' || fmt_yuan(income_pc_monthly_fen) || ' 元，不在低保标准 '
               || fmt_yuan(dibao_fen) || ' 元至其 ' || fmt_yuan(edge_e6 / 10000)
               || ' 倍之间'
    FROM h
    WHERE edge_active = 1
      AND (income_pc_monthly_fen * 1000000 >= edge_e6 * dibao_fen
           OR income_pc_monthly_fen < dibao_fen)
    UNION ALL
    SELECT household_id, NULL, 'E_RIGID_MISFIT',
           '刚性支出困难家庭不满足条件：年人均收入 ' || fmt_yuan(income_pc_monthly_fen * 12)
               || ' 元（须低于 ' || fmt_yuan(dpi_e6 / 10000) || ' 元），刚性支出 '
               || fmt_yuan(rigid_expense_12m_fen) || ' 元（须不低于家庭年收入 '
               || fmt_yuan(annual_income_fen) || ' 元的 ' || fmt_yuan(ratio_e6 / 10000) || ' 倍）'
    FROM h
    WHERE rigid_active = 1
      AND dpi_e6 IS NOT NULL AND rigid_expense_12m_fen IS NOT NULL
      AND annual_income_fen IS NOT NULL
      AND NOT (income_pc_monthly_fen * 12 * 10000 < dpi_e6
               AND rigid_expense_12m_fen * 1000000 >= ratio_e6 * annual_income_fen)
    UNION ALL
    SELECT household_id, NULL, 'E_NO_REVIEW',
           '统计期末前 ' || review_days || ' 天内无全面排查记录'
    FROM h
    WHERE review_due = 1
      AND household_id NOT IN (SELECT household_id FROM reviewed)
    UNION ALL
    SELECT household_id, NULL, 'Q_MEMBERS',
           '登记家庭人口 ' || members || ' 人，期末在世成员 ' || n_alive || ' 人'
    FROM h WHERE members <> n_alive
    UNION ALL
    SELECT household_id, id_number, 'Q_BAD_ID', reason
    FROM (SELECT household_id, id_number,
                 CASE WHEN length(id_number) = 15 THEN '成员使用15位旧身份证号'
                      WHEN id_check_ok(id_number) = 0 THEN '成员身份证号校验位错误'
                      WHEN id_birth_ymd(id_number) IS NULL THEN '成员身份证号出生日期不存在'
                      WHEN id_birth_ymd(id_number) > :period_end_ymd
                          THEN '成员身份证号出生日期晚于统计期末'
                      WHEN id_birth_ymd(id_number) < 19000101
                          THEN '成员身份证号出生日期早于1900年' END AS reason
          FROM mem) b
    WHERE reason IS NOT NULL
    UNION ALL
    SELECT m.household_id, m.id_number, 'F_CROSSCHECK',
           '低保/特困对象部门比对命中：' || c.sources
    FROM mem m
    JOIN (SELECT id_number, MIN(source) AS sources FROM crosscheck
          WHERE source IN ('vehicle', 'business', 'public_employee', 'real_estate')
          GROUP BY id_number) c ON c.id_number = m.id_number
    WHERE m.alive = 1 AND m.dt_person = 1
    UNION ALL
    SELECT household_id, id_number, 'E_TEKUN_AGE',
           '特困供养人员期末 ' || age || ' 周岁，非重度残疾'
    FROM (SELECT m.household_id, m.id_number,
                 (:period_end_ymd - id_birth_ymd(m.id_number)) / 10000 AS age
          FROM mem m
          WHERE m.alive = 1 AND m.tekun_person = 1
            AND (m.disability_grade IS NULL OR m.disability_grade NOT IN (1, 2))
            AND id_birth_ymd(m.id_number) IS NOT NULL) t
    WHERE age BETWEEN 16 AND 59
)
SELECT x.code, h.region_code, NULL AS payment_id, x.household_id, NULL AS application_id,
       mask_id(COALESCE(x.id_number, h.head_id)) AS id_number_masked, NULL AS amount_fen,
       x.detail
FROM hit x JOIN h ON h.household_id = x.household_id
