-- Findings on the ledger rows of a unit and month that compare a row with
-- the payee's other months, so the import does not summarise them (its
-- summarised queries read their own month only):
--   O_AMOUNT_JUMP: a paid dibao or tekun row of P whose amount_paid >
--     jump_multiple x the median amount_paid of the same payee's paid rows
--     of the same item with period in [P - 12 months, P - 1 month], of any
--     region (at least 3 such rows; the median of an even count is the mean
--     of the middle two).  jump_multiple is looked up for the row's own
--     region code; exactly jump_multiple x the median is no jump.
-- Columns: code, region_code, payment_id, household_id (the ledger row's),
-- application_id, id_number_masked (the payee's), amount_fen (amount_paid),
-- detail.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH
-- The smallest jump_multiple in force anywhere in P: the screen below holds
-- for every row with it (a larger multiple only lowers a / M).
lowest AS (
    SELECT MIN(value_e6) AS mult_e6
    FROM (SELECT value_e6 FROM params WHERE name = 'jump_multiple' AND effective_from <= :period
          UNION ALL
          SELECT value_e6 FROM param_defaults WHERE name = 'jump_multiple') v
),
-- The month's paid dibao and tekun rows of the unit that can jump.  For a
-- prefecture or larger they are read from the covering payments_payee, the
-- whole month in payee order (unary +: not from payments_period_region,
-- which would need a table look-up per row), so that the probes below walk
-- payments_history in order: at region scale 0.7 s against 1.6 s, for a
-- prefecture 0.08 s against 0.2 s; for a county or smaller, from
-- payments_period_region's range of the unit (0.03 s against 0.08 s).  The
-- branch whose constant test fails reads no row.  Amount a jumps
-- over median m when a > M x m; the lower half of the history (at least 2
-- of 3 or more rows) is then not above m, so below a / M: a row with fewer
-- than 2 history rows below a / M (amount_paid < ceil(a x 10^6 / M_e6))
-- cannot jump.  payments_history (payee, item, amount first) finds those in
-- one probe that, for a payee paid steadily, reads no entry at all.  A
-- multiple that is not positive leaves every row to the exact test.
cand AS MATERIALIZED (
    SELECT p.payment_id, p.region_code, p.household_id, p.id_number, p.item, p.amount_paid_fen
    FROM (SELECT q.payment_id, q.region_code, q.household_id, q.id_number, q.item,
                 q.amount_paid_fen
          FROM payments q
          WHERE :region_end - :region >= 100000000 AND q.period = :period
            AND +q.region_code >= :region AND +q.region_code < :region_end
          UNION ALL
          SELECT q.payment_id, q.region_code, q.household_id, q.id_number, q.item,
                 q.amount_paid_fen
          FROM payments q
          WHERE :region_end - :region < 100000000 AND q.period = :period
            AND q.region_code >= :region AND q.region_code < :region_end) p
    CROSS JOIN lowest l
    WHERE p.amount_paid_fen > 0 AND p.item IN ('dibao', 'tekun')
      AND (l.mult_e6 <= 0
           OR (SELECT COUNT(*) FROM payments q
               WHERE q.id_number = p.id_number AND q.item = p.item AND q.amount_paid_fen > 0
                 AND q.amount_paid_fen < (p.amount_paid_fen * 1000000 + l.mult_e6 - 1) / l.mult_e6
                 AND q.period >= :period_back12 AND q.period < :period) >= 2)
),
-- jump_multiple for the candidates' region codes.
param_keys AS (SELECT DISTINCT region_code, 'jump_multiple' AS name FROM cand),
-- include: lib/param_at.sql
prm AS (SELECT region_code, value_e6 AS mult_e6 FROM param_at),
-- Each candidate's history rows in amount order, numbered.
hist AS (
    SELECT c.payment_id, q.amount_paid_fen AS fen,
           ROW_NUMBER() OVER (PARTITION BY c.payment_id ORDER BY q.amount_paid_fen) AS k,
           COUNT(*) OVER (PARTITION BY c.payment_id) AS n
    FROM cand c CROSS JOIN payments q
    WHERE q.id_number = c.id_number AND q.item = c.item AND q.amount_paid_fen > 0
      AND q.period >= :period_back12 AND q.period < :period
),
-- The middle row (odd count) or rows (even): the median is mid_fen / nmid.
med AS (
    SELECT payment_id, MAX(n) AS n, CAST(SUM(fen) AS BIGINT) AS mid_fen, COUNT(*) AS nmid
    FROM hist
    WHERE n >= 3 AND k IN ((n + 1) / 2, (n + 2) / 2)
    GROUP BY payment_id
)
SELECT 'O_AMOUNT_JUMP' AS code, c.region_code, c.payment_id, c.household_id,
       NULL AS application_id, c.id_number AS id_number_masked, c.amount_paid_fen AS amount_fen,
       '实发 ' || fmt_yuan(c.amount_paid_fen) || ' 元，超过该领款人前 12 个月同项目 ' || d.n
           || ' 笔发放的中位数 ' || fmt_yuan((d.mid_fen * 2 / d.nmid + 1) / 2) || ' 元的 '
           || fmt_yuan(m.mult_e6 / 10000) || ' 倍' AS detail
FROM cand c JOIN med d ON d.payment_id = c.payment_id JOIN prm m ON m.region_code = c.region_code
WHERE c.amount_paid_fen * d.nmid * 1000000 > m.mult_e6 * d.mid_fen
