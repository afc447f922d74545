-- standard_at: the assistance standards in force in the month P (:period)
-- for the rows of standard_keys (region_code, item, and any other columns,
-- passed through): per row, the standards row of that item for the longest
-- prefix of region_code (of the five units that can contain a code, each a
-- primary-key probe), then the latest effective_from <= P; NULL if none.
-- Columns: standard_keys' columns, monthly_fen.
-- Include it (-- include: lib/standard_at.sql) in the WITH list after the
-- query's standard_keys; the query declares period (queries/README.md).
standard_at AS NOT MATERIALIZED (
    SELECT k.*,
           (SELECT s.monthly_fen FROM standards s
            WHERE s.item = k.item AND s.effective_from <= :period
              AND s.region_code IN (k.region_code / 10000000000 * 10000000000,
                                    k.region_code / 100000000 * 100000000,
                                    k.region_code / 1000000 * 1000000,
                                    k.region_code / 1000 * 1000, k.region_code)
            ORDER BY s.region_span, s.effective_from DESC LIMIT 1) AS monthly_fen
    FROM standard_keys k
),
