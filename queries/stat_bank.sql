-- Statistics of 一卡通核对 (the monthly statement's bank sheet) of a unit
-- and month P, per ledger region code: of the paid rows of P
-- (amount_paid > 0), all of them (bank_paid_rows), those of counties
-- covered by bank returns in P (bank_checked_rows: bank_reconciled's
-- denominator), those matched (bank_matched_rows: success with amount =
-- amount_paid, its numerator), and the rows of F_BANK_FAILED (failed or
-- reversed), F_BANK_AMOUNT (success with another amount) and
-- F_BANK_MISSING (covered, no bank row); bank_reconciled_rate: matched /
-- checked.  A bank row is the one of the row's bank_ref and period P.
-- Columns: region_code, statistic, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
-- The rows and their bank rows: the view bank_ledger (queries/schema/v6.sql).
-- Whether a county is covered depends on the region code alone: asked once
-- per region code (g.covered), not per row.
WITH
c AS (
    SELECT region_code,
           CASE WHEN status = 'success' AND bank_fen = amount_paid_fen THEN 1 ELSE 0 END
               AS matched,
           CASE WHEN status IN ('failed', 'reversed') THEN 1 ELSE 0 END AS failed,
           CASE WHEN status = 'success' AND bank_fen <> amount_paid_fen THEN 1 ELSE 0 END
               AS amount,
           CASE WHEN bank_found IS NULL THEN 1 ELSE 0 END AS missing
    FROM bank_ledger
    WHERE period = :period AND region_code >= :region AND region_code < :region_end
),
r AS (
    SELECT region_code, COUNT(*) AS paid, SUM(matched) AS matched, SUM(failed) AS failed,
           SUM(amount) AS amount, SUM(missing) AS missing
    FROM c GROUP BY region_code
),
g AS (
    SELECT region_code, paid, covered * paid AS checked, covered * matched AS matched, failed,
           amount, covered * missing AS missing
    FROM (SELECT r.*,
                 CASE WHEN EXISTS (SELECT 1 FROM bank_returns b
                                   WHERE b.period = :period
                                     AND b.region_code >= r.region_code / 1000000 * 1000000
                                     AND b.region_code < r.region_code / 1000000 * 1000000
                                                         + 1000000)
                      THEN 1 ELSE 0 END AS covered
          FROM r) x
)
SELECT region_code, 'bank_paid_rows' AS statistic, paid AS numerator, CAST(NULL AS BIGINT) AS denominator FROM g
UNION ALL SELECT region_code, 'bank_checked_rows', checked, NULL FROM g
UNION ALL SELECT region_code, 'bank_matched_rows', matched, NULL FROM g
UNION ALL SELECT region_code, 'bank_failed_rows', failed, NULL FROM g
UNION ALL SELECT region_code, 'bank_amount_rows', amount, NULL FROM g
UNION ALL SELECT region_code, 'bank_missing_rows', missing, NULL FROM g
UNION ALL SELECT region_code, 'bank_reconciled_rate', matched, checked FROM g
