-- Payment indicators of a unit and month, per ledger region code inside the
-- unit (the engine adds them up to every unit above): pay_on_time,
-- pay_in_full, pay_shortfall, paid_month, and finding_rate's denominator
-- (its numerator, the money of rows named by an F_ finding, comes from
-- find_payments.sql).  "Payments in P": rows with period = P and
-- amount_due > 0.  deadline = day pay_deadline_day of P, clamped to the
-- month's length, the parameter looked up for each row's own region code
-- (longest prefix, then latest effective_from <= P; else param_defaults).
-- A row is on time when paid_on <= deadline (an early payment counts).
-- Columns: region_code, indicator, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH codes AS (
    SELECT DISTINCT region_code FROM payments
    WHERE period = :period AND region_code >= :region AND region_code < :region_end
),
param_keys AS (SELECT region_code, 'pay_deadline_day' AS name FROM codes),
-- include: lib/param_at.sql
prm AS (SELECT region_code, value_e6 / 1000000 AS day FROM param_at),
deadline AS (
    SELECT region_code,
           :period_start - 1 + CASE WHEN day < :period_end - :period_start + 1 THEN day
                                    ELSE :period_end - :period_start + 1 END AS last_day
    FROM prm
),
g AS (
    SELECT p.region_code,
           SUM(CASE WHEN p.amount_due_fen > 0 THEN 1 ELSE 0 END) AS due_rows,
           SUM(CASE WHEN p.amount_due_fen > 0 AND p.paid_on <= d.last_day THEN 1 ELSE 0 END)
               AS on_time,
           SUM(CASE WHEN p.amount_due_fen > 0 AND p.amount_paid_fen >= p.amount_due_fen
                    THEN 1 ELSE 0 END) AS in_full,
           SUM(CASE WHEN p.amount_due_fen > p.amount_paid_fen
                    THEN p.amount_due_fen - p.amount_paid_fen ELSE 0 END) AS shortfall,
           SUM(p.amount_paid_fen) AS paid,
           SUM(CASE WHEN p.amount_due_fen > 0 THEN p.amount_paid_fen ELSE 0 END) AS paid_due
    FROM payments p JOIN deadline d ON d.region_code = p.region_code
    -- The unary + keeps the (redundant: the join already restricts to the
    -- unit) range terms out of index selection; otherwise SQLite rescans
    -- the unit's whole month for every region code (bench/PROFILE.md §2).
    WHERE p.period = :period AND +p.region_code >= :region AND +p.region_code < :region_end
    GROUP BY p.region_code
)
SELECT region_code, 'pay_on_time' AS indicator, on_time AS numerator, due_rows AS denominator
FROM g
UNION ALL SELECT region_code, 'pay_in_full', in_full, due_rows FROM g
UNION ALL SELECT region_code, 'pay_shortfall', shortfall, NULL FROM g
UNION ALL SELECT region_code, 'paid_month', paid, NULL FROM g
UNION ALL SELECT region_code, 'finding_rate', NULL, paid_due FROM g
