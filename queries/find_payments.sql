-- Findings on the ledger rows of a unit and month (indicators.md
-- "Findings"): the rows with period = P that belong to the unit.  F_ codes
-- examine only paid rows (amount_paid > 0); rules comparing rows
-- (duplicates, dibao+tekun, two households) look across all regions.
-- "Payee's household" is the household of the payee's persons row; a death
-- date is the earliest of persons.death_date and crosscheck 'death' rows
-- (event_date, else matched_on).  Standards are looked up for the payee's
-- household (its region code and urban_rural), parameters for the row's own
-- region code, item_scope for the row's region code and item (the longest
-- prefix, then the latest effective_from <= P; its categories are every row
-- of that code and month).  F_ITEM_SCOPE: a paid row of an item item_scope
-- has categories for, payee in the roster, whose payee's household has no
-- enrolment (household scope or any member's own) of one of them in force
-- during P, or for a funeral paid for a payee with a death date, in force
-- on that day.  finding_rate_fen is amount_paid for a row in P with
-- amount_due > 0 named by a payment-level F_ code (finding_rate's
-- numerator; a row named by several codes counts once).
-- Columns: code, region_code, payment_id, household_id (the ledger row's),
-- application_id, id_number_masked (the payee's), name_masked (the staff
-- member of F_UNDECLARED_RELATIVE, else empty), amount_fen (amount_paid),
-- detail, finding_rate_fen.  The ID and the name are full values, which the
-- store keeps (payment_findings) and every output masks (src/mask.h: the
-- "_masked" columns, and {name_masked} in detail is where the name goes).
-- param: region region   the report unit
-- param: period month    the month (P)
WITH death AS (
    SELECT id_number, MIN(COALESCE(event_date, matched_on)) AS day
    FROM crosscheck WHERE source = 'death' GROUP BY id_number
),
pay AS MATERIALIZED (
    SELECT p.payment_id, p.region_code, p.household_id, p.id_number, p.item,
           p.amount_due_fen, p.amount_paid_fen,
           per.household_id AS payee_hh, h.region_code AS hh_region, h.urban_rural AS hh_ur,
           CASE WHEN per.id_number IS NULL THEN 0 ELSE 1 END AS in_roster,
           CASE WHEN d.day IS NOT NULL AND (per.death_date IS NULL OR d.day < per.death_date)
                THEN d.day ELSE per.death_date END AS death_on
    FROM payments p
    LEFT JOIN persons per ON per.id_number = p.id_number
    LEFT JOIN households h ON h.household_id = per.household_id
    LEFT JOIN death d ON d.id_number = p.id_number
    WHERE p.period = :period AND p.region_code >= :region AND p.region_code < :region_end
),
-- Paid rows of P, all regions, of the unit's payees paid more than once in
-- P: the rows duplicates, dibao+tekun and two households are judged among.
multi AS MATERIALIZED (
    SELECT q.payment_id, q.id_number, q.item, q.household_id
    FROM payments q
    WHERE q.period = :period AND q.amount_paid_fen > 0
      AND q.id_number IN (SELECT r.id_number FROM payments r
                          WHERE r.period = :period AND r.amount_paid_fen > 0
                            AND r.id_number IN (SELECT id_number FROM pay)
                          GROUP BY r.id_number HAVING COUNT(*) > 1)
),
payee AS (
    SELECT id_number,
           SUM(CASE WHEN item = 'dibao' THEN 1 ELSE 0 END) AS n_dibao,
           SUM(CASE WHEN item = 'tekun' THEN 1 ELSE 0 END) AS n_tekun,
           COUNT(DISTINCT CASE WHEN household_id <> '' THEN household_id END) AS n_households
    FROM multi GROUP BY id_number
),
undeclared AS (
    SELECT id_number, MIN(staff_name) AS staff_name
    FROM staff_relatives WHERE declared = 0 GROUP BY id_number
),
-- The dibao and tekun standards (kind) of each payee household's region
-- code and urban_rural.
standard_keys AS (
    SELECT c.hh_region AS region_code, c.hh_ur, k.kind, k.kind || '_' || c.hh_ur AS item
    FROM (SELECT DISTINCT hh_region, hh_ur FROM pay
          WHERE amount_paid_fen > 0 AND in_roster = 1 AND item IN ('dibao', 'tekun')) c
    CROSS JOIN (SELECT 'dibao' AS kind UNION ALL SELECT 'tekun') k
),
param_keys AS (
    SELECT DISTINCT region_code, 'tekun_min_multiple' AS name FROM pay WHERE item = 'tekun'
),
-- The item_scope rows that apply to each region code and item of the
-- month's paid special-assistance rows whose payee is in the roster (a few
-- hundred): their region code and month; the categories are item_scope's
-- rows of that code, item and month.
item_scope_keys AS (
    SELECT DISTINCT region_code, item FROM pay
    -- unary +: a scan of pay, where SQLite would index it first
    WHERE amount_paid_fen > 0 AND +in_roster = 1 AND item NOT IN ('dibao', 'tekun', 'temp')
),
-- include: lib/standard_at.sql
-- include: lib/param_at.sql
-- include: lib/item_scope_at.sql
std AS (
    SELECT region_code AS hh_region, hh_ur,
           MAX(CASE WHEN kind = 'dibao' THEN monthly_fen END) AS dibao_fen,
           MAX(CASE WHEN kind = 'tekun' THEN monthly_fen END) AS tekun_fen
    FROM standard_at GROUP BY region_code, hh_ur
),
prm AS (SELECT region_code, value_e6 AS mult_e6 FROM param_at),
scope AS MATERIALIZED (SELECT region_code, item, scope_code, scope_from FROM item_scope_at),
-- One pass over the paid rows: every lookup a rule needs, done once.
-- over_enrolment is F_OVER_STANDARD's enrolment: the payee's own dibao
-- enrolment in force during P, else the household-scope one (latest start).
fb AS (
    SELECT t.*, s.dibao_fen, s.tekun_fen, m.mult_e6,
           -- The payee household's enrolments of the row's item (dibao,
           -- tekun): 2 if one is in force during P, 1 if there are only
           -- others, 0 if none (one look-up of enrolments_household when one
           -- is in force, as for nearly every row).
           CASE WHEN t.item NOT IN ('dibao', 'tekun') OR t.in_roster = 0 THEN 0
                WHEN EXISTS (SELECT 1 FROM enrolments e
                             WHERE e.household_id = t.payee_hh AND e.category = t.item
                               AND e.start_date <= :period_end
                               AND (e.end_date IS NULL OR e.end_date >= :period_start
                                    OR e.gradual_exit_until >= :period_start)) THEN 2
                WHEN EXISTS (SELECT 1 FROM enrolments e
                             WHERE e.household_id = t.payee_hh AND e.category = t.item) THEN 1
                ELSE 0 END AS enrolled,
           -- 1 when item_scope has categories for the row and the payee's
           -- household has no enrolment of one of them in force during P (a
           -- funeral for a payee with a death date: on that day).
           CASE WHEN sc.scope_code IS NULL THEN 0
                WHEN EXISTS (SELECT 1 FROM item_scope k
                             JOIN enrolments e ON e.household_id = t.payee_hh
                                              AND e.category = k.category
                             WHERE k.region_code = sc.scope_code AND k.item = t.item
                               AND k.effective_from = sc.scope_from
                               AND e.start_date <= CASE WHEN t.item = 'funeral'
                                                        THEN COALESCE(t.death_on, :period_end)
                                                        ELSE :period_end END
                               AND (e.end_date IS NULL
                                    OR e.end_date >= CASE WHEN t.item = 'funeral'
                                                          THEN COALESCE(t.death_on, :period_start)
                                                          ELSE :period_start END
                                    OR e.gradual_exit_until >=
                                       CASE WHEN t.item = 'funeral'
                                            THEN COALESCE(t.death_on, :period_start)
                                            ELSE :period_start END)) THEN 0
                ELSE 1 END AS out_of_scope,
           CASE WHEN py.id_number IS NULL THEN 0
                ELSE (SELECT COUNT(*) FROM payments q
                      WHERE q.period = :period AND q.id_number = t.id_number
                        AND q.item = t.item AND q.amount_paid_fen > 0
                        AND q.payment_id < t.payment_id) END AS n_paid_before,
           CASE t.item WHEN 'dibao' THEN COALESCE(py.n_tekun, 0)
                       WHEN 'tekun' THEN COALESCE(py.n_dibao, 0) ELSE 0 END AS n_other_paid,
           COALESCE(py.n_households, 0) AS n_households,
           u.staff_name AS undeclared_staff,
           CASE WHEN t.item = 'dibao' AND t.in_roster = 1 THEN
               (SELECT e.enrolment_id FROM enrolments e
                WHERE e.household_id = t.payee_hh AND e.category = 'dibao'
                  AND (e.id_number = t.id_number OR e.id_number IS NULL)
                  AND e.start_date <= :period_end
                  AND (e.end_date IS NULL OR e.end_date >= :period_start
                       OR e.gradual_exit_until >= :period_start)
                ORDER BY CASE WHEN e.id_number IS NULL THEN 1 ELSE 0 END, e.start_date DESC,
                         e.enrolment_id
                LIMIT 1) END AS over_enrolment
    FROM pay t
    LEFT JOIN std s ON s.hh_region = t.hh_region AND s.hh_ur = t.hh_ur
    LEFT JOIN prm m ON m.region_code = t.region_code
    LEFT JOIN payee py ON py.id_number = t.id_number
    LEFT JOIN undeclared u ON u.id_number = t.id_number
    LEFT JOIN scope sc ON sc.region_code = t.region_code AND sc.item = t.item AND t.in_roster = 1
    WHERE t.amount_paid_fen > 0
),
-- over_persons: the persons during P of F_OVER_STANDARD's enrolment (NULL
-- when there is none), counted on the row itself: joining a separate
-- result back by payment_id made SQLite index the whole of f.  (In a
-- subquery, so that the WHERE below may name it in PostgreSQL too; SQLite
-- flattens it.)
f AS MATERIALIZED (
    SELECT * FROM (SELECT fb.*,
           CASE WHEN fb.over_enrolment IS NOT NULL THEN
               (SELECT COUNT(*) FROM enrolments e
                JOIN persons m ON m.household_id = e.household_id
                WHERE e.enrolment_id = fb.over_enrolment
                  AND (e.id_number IS NULL OR m.id_number = e.id_number)
                  AND (m.death_date IS NULL OR m.death_date >= :period_start)
                  AND NOT EXISTS (SELECT 1 FROM death d
                                  WHERE d.id_number = m.id_number AND d.day < :period_start))
           END AS over_persons
    FROM fb) fb
    -- Only rows some rule below names (the same conditions, OR-ed, the
    -- over-standard count last): the rules then scan a few rows, not all.
    WHERE (item <> 'funeral' AND death_on < :period_start)
       OR in_roster = 0
       OR (item IN ('dibao', 'tekun') AND enrolled < 2)
       OR n_paid_before > 0 OR n_other_paid > 0 OR undeclared_staff IS NOT NULL
       OR n_households >= 2 OR out_of_scope = 1
       OR (item = 'tekun'
           AND ((tekun_fen IS NOT NULL AND amount_due_fen < tekun_fen)
                OR (tekun_fen IS NULL AND amount_due_fen * 1000000 < mult_e6 * dibao_fen)))
       OR amount_due_fen > dibao_fen * over_persons
),
hit AS (
    SELECT f.*, 'F_DEAD' AS code,
           '领款人死亡日期 ' || fmt_date(death_on) || '，早于所属期仍发放' AS detail
    FROM f WHERE item <> 'funeral' AND death_on < :period_start
    UNION ALL
    SELECT f.*, 'F_ENDED',
           '领款人家庭的' || CASE item WHEN 'dibao' THEN '低保' ELSE '特困' END
               || '认定在所属期内均不在有效期'
    FROM f WHERE item IN ('dibao', 'tekun') AND in_roster = 1 AND enrolled = 1
    UNION ALL
    SELECT f.*, 'F_NO_ENROLMENT',
           CASE WHEN in_roster = 0
                THEN '领款人不在低收入人口库，无'
                         || CASE item WHEN 'dibao' THEN '低保' ELSE '特困' END || '认定'
                ELSE '领款人家庭从无' || CASE item WHEN 'dibao' THEN '低保' ELSE '特困' END
                         || '认定' END
    FROM f WHERE item IN ('dibao', 'tekun') AND (in_roster = 0 OR enrolled = 0)
    UNION ALL
    SELECT f.*, 'F_NOT_IN_ROSTER', '领款人身份证号不在家庭成员名册中' FROM f WHERE in_roster = 0
    UNION ALL
    SELECT f.*, 'F_DUPLICATE',
           '同一领款人、项目、所属期已有 ' || n_paid_before || ' 笔编号更小的发放记录'
    FROM f WHERE n_paid_before > 0
    UNION ALL
    SELECT f.*, 'F_DIBAO_TEKUN', '同一所属期同时领取低保和特困供养金'
    FROM f WHERE n_other_paid > 0
    UNION ALL
    SELECT f.*, 'F_OVER_STANDARD',
           '应发 ' || fmt_yuan(amount_due_fen) || ' 元，高于标准 ' || fmt_yuan(dibao_fen)
               || ' 元 × ' || over_persons || ' 人'
    FROM f WHERE amount_due_fen > dibao_fen * over_persons
    UNION ALL
    SELECT f.*, 'F_TEKUN_LOW',
           CASE WHEN tekun_fen IS NOT NULL
                THEN '应发 ' || fmt_yuan(amount_due_fen) || ' 元，低于特困标准 '
                         || fmt_yuan(tekun_fen) || ' 元'
                ELSE '应发 ' || fmt_yuan(amount_due_fen) || ' 元，低于低保标准 '
                         || fmt_yuan(dibao_fen) || ' 元的 ' || fmt_yuan(mult_e6 / 10000) || ' 倍'
           END
    FROM f
    WHERE item = 'tekun' AND in_roster = 1
      AND ((tekun_fen IS NOT NULL AND amount_due_fen < tekun_fen)
           OR (tekun_fen IS NULL AND amount_due_fen * 1000000 < mult_e6 * dibao_fen))
    UNION ALL
    SELECT f.*, 'F_UNDECLARED_RELATIVE',
           '领款人是工作人员 {name_masked} 的近亲属，未备案'
    FROM f WHERE undeclared_staff IS NOT NULL
    UNION ALL
    SELECT f.*, 'F_ITEM_SCOPE',
           CASE item WHEN 'medical' THEN '医疗救助' WHEN 'education' THEN '教育救助'
                     WHEN 'housing' THEN '住房救助' WHEN 'employment' THEN '就业救助'
                     WHEN 'disaster' THEN '受灾救助' WHEN 'heating' THEN '取暖救助'
                     WHEN 'funeral' THEN '殡葬救助' ELSE '其他救助' END
               || CASE WHEN item = 'funeral' AND death_on IS NOT NULL
                       THEN '：领款人死亡日期 ' || fmt_date(death_on) || ' 当日'
                       ELSE '：所属期内' END
               || '领款人家庭无该项目对象范围内的救助认定'
    FROM f WHERE out_of_scope = 1
    UNION ALL
    SELECT f.*, 'Q_DUP_PERSON', '领款人本月在 ' || n_households || ' 个不同家庭编号下领款'
    FROM f WHERE n_households >= 2
),
-- Q_BAD_ID of payees not in the roster covers every row of P, paid or not.
bad_id AS (
    SELECT b.*, 'Q_BAD_ID' AS code, '名册外领款人' || reason AS detail
    FROM (SELECT pay.*,
                 CASE WHEN length(id_number) = 15 THEN '使用15位旧身份证号'
                      WHEN id_check_ok(id_number) = 0 THEN '身份证号校验位错误'
                      WHEN id_birth_ymd(id_number) IS NULL THEN '身份证号出生日期不存在'
                      WHEN id_birth_ymd(id_number) > :period_end_ymd
                          THEN '身份证号出生日期晚于统计期末'
                      WHEN id_birth_ymd(id_number) < 19000101
                          THEN '身份证号出生日期早于1900年' END AS reason
          FROM pay WHERE in_roster = 0) b
    WHERE reason IS NOT NULL
),
rows AS (
    SELECT code, region_code, payment_id, household_id, id_number,
           CASE WHEN code = 'F_UNDECLARED_RELATIVE' THEN undeclared_staff END AS name,
           amount_paid_fen, amount_due_fen, detail,
           CASE WHEN code IN ('F_DEAD', 'F_ENDED', 'F_NO_ENROLMENT', 'F_NOT_IN_ROSTER',
                              'F_DUPLICATE', 'F_DIBAO_TEKUN', 'F_OVER_STANDARD',
                              'F_TEKUN_LOW', 'F_UNDECLARED_RELATIVE', 'F_ITEM_SCOPE')
                THEN 1 ELSE 0 END AS rated
    FROM hit
    UNION ALL
    SELECT code, region_code, payment_id, household_id, id_number, NULL, amount_paid_fen,
           amount_due_fen, detail, 0
    FROM bad_id
)
SELECT code, region_code, payment_id, household_id, NULL AS application_id,
       id_number AS id_number_masked, name AS name_masked, amount_paid_fen AS amount_fen,
       detail,
       CASE WHEN rated = 1 AND amount_due_fen > 0
                 AND ROW_NUMBER() OVER (PARTITION BY payment_id ORDER BY rated DESC, code) = 1
            THEN amount_paid_fen END AS finding_rate_fen
FROM rows
