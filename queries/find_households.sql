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
-- E_TEKUN_AGE, E_TEKUN_CAN_WORK, E_SINGLE_MISFIT, Q_BAD_ID) give one row per
-- person, on the household; the others one row per household with the
-- head's ID.  (E_GRADUAL_SHORT and E_UNMONITORED, which start from a few
-- ended enrolments and refused applications, are in find_exits.sql.)
-- Columns: code, region_code, payment_id, household_id, application_id,
-- id_number_masked, amount_fen (empty), detail.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH
-- The region codes of the unit's households (from households_region alone).
unit_codes AS (
    SELECT DISTINCT region_code FROM households
    WHERE region_code >= :region AND region_code < :region_end
),
-- The dibao standards (urban, rural) and the parameters of each region code,
-- side by side: one row per code, so each household makes one look-up
-- (employment_cost_max_ratio stays out of h: the few households with a
-- deduction join rp for it).
standard_keys AS (
    SELECT c.region_code, n.item
    FROM unit_codes c
    CROSS JOIN (SELECT 'dibao_urban' AS item UNION ALL SELECT 'dibao_rural') n
),
param_keys AS (
    SELECT c.region_code, n.name
    FROM unit_codes c
    CROSS JOIN (SELECT 'edge_multiplier' AS name UNION ALL SELECT 'rigid_expense_ratio'
                UNION ALL SELECT 'disposable_income_py' UNION ALL SELECT 'review_days'
                UNION ALL SELECT 'employment_cost_max_ratio') n
),
-- include: lib/standard_at.sql
-- include: lib/param_at.sql
-- MATERIALIZED: the look-ups run once per code, not once per household.
rp AS MATERIALIZED (
    SELECT region_code,
           MAX(CASE WHEN name = 'dibao_urban' THEN value END) AS dibao_urban,
           MAX(CASE WHEN name = 'dibao_rural' THEN value END) AS dibao_rural,
           MAX(CASE WHEN name = 'edge_multiplier' THEN value END) AS edge_e6,
           MAX(CASE WHEN name = 'rigid_expense_ratio' THEN value END) AS ratio_e6,
           MAX(CASE WHEN name = 'disposable_income_py' THEN value END) AS dpi_e6,
           MAX(CASE WHEN name = 'review_days' THEN value END) / 1000000 AS review_days,
           MAX(CASE WHEN name = 'employment_cost_max_ratio' THEN value END) AS cost_ratio_e6
    FROM (SELECT region_code, item AS name, monthly_fen AS value FROM standard_at
          UNION ALL
          SELECT region_code, name, value_e6 FROM param_at) v
    GROUP BY region_code
),
-- include: lib/gone.sql
-- Every household of the unit with its standard (urban_rural is 'urban' or
-- 'rural'), parameters and persons alive at P.end, counted through the
-- covering persons_household; a household without a gone person (nearly
-- all) skips the look-up of their number.  The CROSS JOIN keeps households
-- the outer loop, in households_region order, each looking its code up in
-- rp's few thousand rows.  MATERIALIZED: every rule below scans it.
h AS MATERIALIZED (
    SELECT hh.household_id, hh.region_code, hh.head_id, hh.members, hh.income_pc_monthly_fen,
           hh.annual_income_fen, hh.rigid_expense_12m_fen, hh.employment_cost_fen, hh.assets_ok,
           hh.registered_on,
           CASE hh.urban_rural WHEN 'urban' THEN rp.dibao_urban
                               WHEN 'rural' THEN rp.dibao_rural END AS dibao_fen,
           rp.edge_e6, rp.ratio_e6, rp.dpi_e6, rp.review_days,
           (SELECT COUNT(*) FROM persons m
            WHERE m.household_id = hh.household_id
              AND (m.death_date IS NULL OR m.death_date > :period_end))
             - CASE WHEN hh.household_id IN (SELECT household_id FROM gone_hh)
                    THEN (SELECT g.n FROM gone_hh g WHERE g.household_id = hh.household_id)
                    ELSE 0 END AS n_alive
    FROM households hh CROSS JOIN rp
    WHERE rp.region_code = hh.region_code
      AND hh.region_code >= :region AND hh.region_code < :region_end
),
-- The enrolments of the unit's households active at end of P, except the
-- household-scope dibao ones (most of the table; the rules that need those
-- look them up per household): tens of thousands, found with one look-up of
-- enrolments_household per household (the OR keeps SQLite from making one
-- look-up per category).  id_number empty: household scope.
pe AS MATERIALIZED (
    SELECT e.household_id, e.id_number, e.category, h.region_code, h.head_id
    FROM h CROSS JOIN enrolments e
    WHERE e.household_id = h.household_id
      AND (e.category IN ('tekun', 'edge', 'rigid')
           OR (e.category = 'dibao' AND e.id_number IS NOT NULL))
      AND e.start_date <= :period_end AND (e.end_date IS NULL OR e.end_date >= :period_end)
),
-- Crosscheck hits from the four sources, per ID number (a few thousand).
xc AS MATERIALIZED (
    SELECT id_number, MIN(source) AS sources FROM crosscheck
    WHERE source IN ('vehicle', 'business', 'public_employee', 'real_estate')
    GROUP BY id_number
),
-- The persons of a tekun enrolment active at end of P, alive at P.end and
-- aged 16-59 in completed years at P.end (from the ID's birth date; not
-- examined when that date is impossible): E_TEKUN_AGE's and
-- E_TEKUN_CAN_WORK's.
tekun_adult AS MATERIALIZED (
    SELECT * FROM
        (SELECT h.household_id, h.region_code, h.head_id, m.id_number, m.disability_grade,
                m.can_work, (:period_end_ymd - id_birth_ymd(m.id_number)) / 10000 AS age
         FROM h CROSS JOIN persons m
         -- The households with a household-scope tekun enrolment or a person
         -- with their own, then the persons of a tekun enrolment.
         WHERE m.household_id = h.household_id
           AND (h.household_id, 'tekun') IN (SELECT household_id, category FROM pe
                                             WHERE id_number IS NULL
                                             UNION ALL
                                             SELECT p.household_id, pe.category
                                             FROM pe CROSS JOIN persons p
                                             WHERE p.id_number = pe.id_number)
           AND ((h.household_id, 'tekun') IN (SELECT household_id, category FROM pe
                                              WHERE id_number IS NULL)
                OR (m.id_number, 'tekun') IN (SELECT id_number, category FROM pe))
           AND (m.death_date IS NULL OR m.death_date > :period_end)
           AND NOT EXISTS (SELECT 1 FROM gone g WHERE g.id_number = m.id_number)
           AND id_birth_ymd(m.id_number) IS NOT NULL) t
    WHERE age BETWEEN 16 AND 59
),
-- The households with a dibao, edge or rigid enrolment active at end of P
-- whose assets_ok is false (an empty one is not examined) or whose
-- employment-cost deduction is over the cap: E_ASSETS's and
-- E_EMPLOYMENT_COST's.  The cap is employment_cost_max_ratio x the gross
-- income (annual_income + employment_cost); exactly the cap is within it.
-- The enrolment is looked up last, for the households that fail a test.
means_tested AS MATERIALIZED (
    SELECT * FROM
        (SELECT h.household_id, h.region_code, h.head_id, h.assets_ok, h.annual_income_fen,
                h.employment_cost_fen, rp.cost_ratio_e6,
                CASE WHEN h.employment_cost_fen > 0 AND h.annual_income_fen IS NOT NULL
                          AND h.employment_cost_fen * 1000000
                              > rp.cost_ratio_e6 * (h.annual_income_fen + h.employment_cost_fen)
                     THEN 1 ELSE 0 END AS cost_over
         FROM h CROSS JOIN rp
         WHERE rp.region_code = h.region_code
           AND (h.assets_ok = 0 OR h.employment_cost_fen > 0)) t
    WHERE (assets_ok = 0 OR cost_over = 1)
      AND EXISTS (SELECT 1 FROM enrolments e
                  WHERE e.household_id = t.household_id
                    -- unary +: one look-up of the household's enrolments
                    AND e.category || '' IN ('dibao', 'edge', 'rigid')
                    AND e.start_date <= :period_end
                    AND (e.end_date IS NULL OR e.end_date >= :period_end))
),
-- Each rule scans h (so its rows come out in h's order, households_region's)
-- with its cheap tests first: SQLite tests a WHERE's correlated subqueries
-- after its other terms, so an enrolment or review look-up is made only for
-- the households that pass those.  pe is read through (key, category) IN
-- (...), one in-memory index per test.
hit AS (
    SELECT household_id, region_code, head_id, NULL AS id_number, 'E_INCOME_ABOVE' AS code,
           '月人均收入 ' || fmt_yuan(income_pc_monthly_fen) || ' 元，不低于低保标准 '
               || fmt_yuan(dibao_fen) || ' 元' AS detail
    FROM h
    WHERE income_pc_monthly_fen >= dibao_fen
      AND EXISTS (SELECT 1 FROM enrolments e
                  WHERE e.household_id = h.household_id AND e.category = 'dibao'
                    AND e.id_number IS NULL AND e.start_date <= :period_end
                    AND (e.end_date IS NULL OR e.end_date >= :period_end))
      AND NOT EXISTS (SELECT 1 FROM enrolments e
                      WHERE e.household_id = h.household_id AND e.category = 'dibao'
                        AND e.start_date <= :period_end
                        AND e.gradual_exit_until >= :period_start)
    UNION ALL
    SELECT household_id, region_code, head_id, NULL, 'E_MISSED_DIBAO',
           '月人均收入 ' || fmt_yuan(income_pc_monthly_fen) || ' 元，低于低保标准 '
               || fmt_yuan(dibao_fen) || ' 元，财产符合，未纳入低保或特困'
    FROM h
    WHERE income_pc_monthly_fen < dibao_fen AND assets_ok = 1 AND n_alive > 0
      AND (registered_on IS NULL OR registered_on <= :period_end)
      -- No dibao and no tekun enrolment in force during P: two look-ups of
      -- one category each (cheaper than one with IN, which makes two).
      AND NOT EXISTS (SELECT 1 FROM enrolments e
                      WHERE e.household_id = h.household_id AND e.category = 'dibao'
                        AND e.start_date <= :period_end
                        AND (e.end_date IS NULL OR e.end_date >= :period_start
                             OR e.gradual_exit_until >= :period_start))
      AND NOT EXISTS (SELECT 1 FROM enrolments e
                      WHERE e.household_id = h.household_id AND e.category = 'tekun'
                        AND e.start_date <= :period_end
                        AND (e.end_date IS NULL OR e.end_date >= :period_start
                             OR e.gradual_exit_until >= :period_start))
    UNION ALL
    SELECT household_id, region_code, head_id, NULL, 'E_EDGE_MISFIT',
           '低保边缘家庭月人均收入 ' || fmt_yuan(income_pc_monthly_fen) || ' 元，不在低保标准 '
               || fmt_yuan(dibao_fen) || ' 元至其 ' || fmt_yuan(edge_e6 / 10000)
               || ' 倍之间'
    FROM h
    WHERE (household_id, 'edge') IN (SELECT household_id, category FROM pe)
      AND (income_pc_monthly_fen * 1000000 >= edge_e6 * dibao_fen
           OR income_pc_monthly_fen < dibao_fen)
    UNION ALL
    SELECT household_id, region_code, head_id, NULL, 'E_RIGID_MISFIT',
           '刚性支出困难家庭不满足条件：年人均收入 ' || fmt_yuan(income_pc_monthly_fen * 12)
               || ' 元（须低于 ' || fmt_yuan(dpi_e6 / 10000) || ' 元），刚性支出 '
               || fmt_yuan(rigid_expense_12m_fen) || ' 元（须不低于家庭年收入 '
               || fmt_yuan(annual_income_fen) || ' 元的 ' || fmt_yuan(ratio_e6 / 10000) || ' 倍）'
    FROM h
    WHERE dpi_e6 IS NOT NULL AND rigid_expense_12m_fen IS NOT NULL
      AND annual_income_fen IS NOT NULL
      AND NOT (income_pc_monthly_fen * 12 * 10000 < dpi_e6
               AND rigid_expense_12m_fen * 1000000 >= ratio_e6 * annual_income_fen)
      AND (household_id, 'rigid') IN (SELECT household_id, category FROM pe)
    UNION ALL
    SELECT household_id, region_code, head_id, NULL, 'E_NO_REVIEW',
           '统计期末前 ' || review_days || ' 天内无全面排查记录'
    FROM h
    WHERE NOT EXISTS (SELECT 1 FROM reviews r
                      WHERE r.household_id = h.household_id AND r.kind = 'comprehensive'
                        AND r.reviewed_on > :period_end - h.review_days
                        AND r.reviewed_on <= :period_end)
      AND EXISTS (SELECT 1 FROM enrolments e
                  WHERE e.household_id = h.household_id
                    AND e.category IN ('dibao', 'tekun', 'edge', 'rigid')
                    AND e.start_date <= :period_end
                    AND (e.end_date IS NULL OR e.end_date >= :period_end))
    UNION ALL
    SELECT household_id, region_code, head_id, NULL, 'Q_MEMBERS',
           '登记家庭人口 ' || members || ' 人，期末在世成员 ' || n_alive || ' 人'
    FROM h WHERE members <> n_alive
    UNION ALL
    SELECT household_id, region_code, head_id, id_number, 'Q_BAD_ID', reason
    FROM (SELECT h.household_id, h.region_code, h.head_id, m.id_number,
                 -- The first WHEN settles a good ID (only an 18-character one
                 -- can pass id_check_ok) with one call of each function.
                 CASE WHEN id_check_ok(m.id_number) = 1
                       AND id_birth_ymd(m.id_number) BETWEEN 19000101 AND :period_end_ymd
                          THEN NULL
                      WHEN length(m.id_number) = 15 THEN '成员使用15位旧身份证号'
                      WHEN id_check_ok(m.id_number) = 0 THEN '成员身份证号校验位错误'
                      WHEN id_birth_ymd(m.id_number) IS NULL THEN '成员身份证号出生日期不存在'
                      WHEN id_birth_ymd(m.id_number) > :period_end_ymd
                          THEN '成员身份证号出生日期晚于统计期末'
                      WHEN id_birth_ymd(m.id_number) < 19000101
                          THEN '成员身份证号出生日期早于1900年' END AS reason
          FROM h CROSS JOIN persons m WHERE m.household_id = h.household_id) b
    WHERE reason IS NOT NULL
    UNION ALL
    SELECT h.household_id, h.region_code, h.head_id, m.id_number, 'F_CROSSCHECK',
           '低保/特困对象部门比对命中：' || c.sources
    FROM h CROSS JOIN persons m
    CROSS JOIN xc c
    WHERE m.household_id = h.household_id AND c.id_number = m.id_number
      AND h.household_id IN (SELECT p.household_id FROM xc CROSS JOIN persons p
                             WHERE p.id_number = xc.id_number)
      AND (m.death_date IS NULL OR m.death_date > :period_end)
      AND NOT EXISTS (SELECT 1 FROM gone g WHERE g.id_number = m.id_number)
      AND (m.id_number IN (SELECT id_number FROM pe
                           WHERE category IN ('dibao', 'tekun') AND id_number IS NOT NULL)
           OR EXISTS (SELECT 1 FROM enrolments e
                      WHERE e.household_id = h.household_id
                        AND e.category IN ('dibao', 'tekun') AND e.id_number IS NULL
                        AND e.start_date <= :period_end
                        AND (e.end_date IS NULL OR e.end_date >= :period_end)))
    UNION ALL
    SELECT household_id, region_code, head_id, id_number, 'E_TEKUN_AGE',
           '特困供养人员期末 ' || age || ' 周岁，非重度残疾'
    FROM tekun_adult WHERE disability_grade IS NULL OR disability_grade NOT IN (1, 2)
    UNION ALL
    SELECT household_id, region_code, head_id, id_number, 'E_TEKUN_CAN_WORK',
           '特困供养人员期末 ' || age || ' 周岁，登记有劳动能力'
    FROM tekun_adult WHERE can_work = 1
    UNION ALL
    SELECT household_id, region_code, head_id, NULL, 'E_ASSETS',
           '低保、低保边缘或刚性支出困难家庭财产状况不符合规定'
    FROM means_tested WHERE assets_ok = 0
    UNION ALL
    SELECT household_id, region_code, head_id, NULL, 'E_EMPLOYMENT_COST',
           '就业成本扣减 ' || fmt_yuan(employment_cost_fen) || ' 元，超过扣减前家庭年收入 '
               || fmt_yuan(annual_income_fen + employment_cost_fen) || ' 元的 '
               || fmt_yuan(cost_ratio_e6 / 10000) || ' 倍'
    FROM means_tested WHERE cost_over = 1
    UNION ALL
    -- One person of an individual dibao enrolment (单人保) per row.
    SELECT pe.household_id, pe.region_code, pe.head_id, m.id_number, 'E_SINGLE_MISFIT',
           '单人保对象残疾等级 ' || COALESCE(CAST(m.disability_grade AS TEXT), '无')
               || '，非重度残疾、三级智力或精神残疾，亦非重病患者'
    FROM (SELECT DISTINCT household_id, id_number, region_code, head_id FROM pe
          WHERE category = 'dibao') pe
    CROSS JOIN persons m
    WHERE m.id_number = pe.id_number
      AND (m.death_date IS NULL OR m.death_date > :period_end)
      AND NOT EXISTS (SELECT 1 FROM gone g WHERE g.id_number = m.id_number)
      -- COALESCE: an empty grade, type or illness is none (NOT of NULL is NULL)
      AND NOT (COALESCE(m.disability_grade, 0) IN (1, 2)
               OR (COALESCE(m.disability_grade, 0) = 3
                   AND COALESCE(m.disability_type, '') IN ('intellectual', 'mental'))
               OR COALESCE(m.severe_illness, 0) = 1)
)
SELECT code, region_code, NULL AS payment_id, household_id, NULL AS application_id,
       COALESCE(id_number, head_id) AS id_number_masked, NULL AS amount_fen, detail
FROM hit
