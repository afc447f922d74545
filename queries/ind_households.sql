-- Household indicators of a unit and month, per household region code
-- inside the unit (referrals, warnings, reviews and enrolments belong where
-- their household is):
--   review_coverage: households with a dibao/tekun/edge/rigid enrolment
--     active at end of P; numerator: those with a comprehensive review in
--     (P.end - review_days, P.end];
--   visit_coverage: households with an enrolment of any tier active at end
--     of P; numerator: those with a review of any kind in (P.end -
--     visit_days, P.end];
--   referral_feedback: referrals pushed in [year(P)-01-01, P.end] whose due
--     (pushed_on + feedback_days) <= P.end; numerator: feedback_on <= due;
--   warning_handled: warnings raised in [year(P)-01-01, P.end] whose due
--     (raised_on + warning_days) <= P.end; numerator: handled_on <= due.
-- Parameters are looked up for the household's own region code.
-- Columns: region_code, indicator, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH hh AS (
    SELECT household_id, region_code FROM households
    WHERE region_code >= :region AND region_code < :region_end
),
codes AS (SELECT DISTINCT region_code FROM hh),
param_keys AS (
    SELECT c.region_code, n.name
    FROM codes c
    CROSS JOIN (SELECT 'review_days' AS name UNION ALL SELECT 'visit_days'
                UNION ALL SELECT 'feedback_days' UNION ALL SELECT 'warning_days') n
),
-- include: lib/param_at.sql
-- MATERIALIZED: once per code and name, looked up by the rows below.
prm AS MATERIALIZED (SELECT region_code, name, value_e6 / 1000000 AS days FROM param_at),
cov AS (
    SELECT hh.region_code,
           CASE WHEN EXISTS (SELECT 1 FROM reviews r
                             WHERE r.household_id = hh.household_id
                               AND r.kind = 'comprehensive'
                               AND r.reviewed_on > :period_end - prm.days
                               AND r.reviewed_on <= :period_end) THEN 1 ELSE 0 END AS reviewed
    -- CROSS JOIN keeps the households the outer loop (each looks its
    -- code up in prm), where SQLite would index the households instead.
    FROM hh CROSS JOIN prm
    WHERE prm.region_code = hh.region_code AND prm.name = 'review_days'
      AND EXISTS (SELECT 1 FROM enrolments e
                  WHERE e.household_id = hh.household_id
                    -- unary +: one look-up of the household's enrolments, not one per category
                    AND e.category || '' IN ('dibao', 'tekun', 'edge', 'rigid')
                    AND e.start_date <= :period_end
                    AND (e.end_date IS NULL OR e.end_date >= :period_end))
),
-- As cov, over every tier and any kind of review (a second pass: one pass
-- making both tests cost more, as each household then had both looked up).
vis AS (
    SELECT hh.region_code,
           CASE WHEN EXISTS (SELECT 1 FROM reviews r
                             WHERE r.household_id = hh.household_id
                               AND r.reviewed_on > :period_end - prm.days
                               AND r.reviewed_on <= :period_end) THEN 1 ELSE 0 END AS visited
    FROM hh CROSS JOIN prm
    WHERE prm.region_code = hh.region_code AND prm.name = 'visit_days'
      AND EXISTS (SELECT 1 FROM enrolments e
                  WHERE e.household_id = hh.household_id
                    AND e.start_date <= :period_end
                    AND (e.end_date IS NULL OR e.end_date >= :period_end))
),
ref AS (
    SELECT hh.region_code,
           CASE WHEN f.feedback_on <= f.pushed_on + prm.days THEN 1 ELSE 0 END AS ok
    FROM referrals f
    JOIN households hh ON hh.household_id = f.household_id
                       AND hh.region_code >= :region AND hh.region_code < :region_end
    JOIN prm ON prm.region_code = hh.region_code AND prm.name = 'feedback_days'
    WHERE f.pushed_on >= :period_year_jdn AND f.pushed_on + prm.days <= :period_end
),
wrn AS (
    SELECT hh.region_code,
           CASE WHEN w.handled_on <= w.raised_on + prm.days THEN 1 ELSE 0 END AS ok
    FROM warnings w
    JOIN households hh ON hh.household_id = w.household_id
                       AND hh.region_code >= :region AND hh.region_code < :region_end
    JOIN prm ON prm.region_code = hh.region_code AND prm.name = 'warning_days'
    WHERE w.raised_on >= :period_year_jdn AND w.raised_on + prm.days <= :period_end
)
SELECT region_code, 'review_coverage' AS indicator, SUM(reviewed) AS numerator,
       COUNT(*) AS denominator
FROM cov GROUP BY region_code
UNION ALL
SELECT region_code, 'visit_coverage', SUM(visited), COUNT(*) FROM vis GROUP BY region_code
UNION ALL
SELECT region_code, 'referral_feedback', SUM(ok), COUNT(*) FROM ref GROUP BY region_code
UNION ALL
SELECT region_code, 'warning_handled', SUM(ok), COUNT(*) FROM wrn GROUP BY region_code
