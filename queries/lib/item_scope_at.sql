-- item_scope_at: the item_scope rows in force in the month P (:period) for
-- the rows of item_scope_keys (region_code, item, and any other columns,
-- passed through): per row, the region code (scope_code) and month
-- (scope_from) of the item_scope rows of that item for the longest prefix
-- of region_code (of the five units that can contain a code, each a
-- primary-key probe), then the latest effective_from <= P; the categories
-- are the item_scope rows of that code, item and month.  A key none applies
-- to gives no row.
-- Columns: item_scope_keys' columns, scope_code, scope_from.
-- Include it (-- include: lib/item_scope_at.sql) in the WITH list after the
-- query's item_scope_keys; the query declares period (queries/README.md).
item_scope_at AS NOT MATERIALIZED (
    SELECT DISTINCT k.*, s.region_code AS scope_code, s.effective_from AS scope_from
    FROM item_scope_keys k
    JOIN item_scope s ON s.item = k.item
    WHERE (s.region_code, s.effective_from) =
          (SELECT i.region_code, i.effective_from FROM item_scope i
           WHERE i.item = k.item AND i.effective_from <= :period
             AND i.region_code IN (k.region_code / 10000000000 * 10000000000,
                                   k.region_code / 100000000 * 100000000,
                                   k.region_code / 1000000 * 1000000,
                                   k.region_code / 1000 * 1000, k.region_code)
           ORDER BY i.region_span, i.effective_from DESC LIMIT 1)
),
