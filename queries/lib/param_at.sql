-- param_at: the policy parameters in force in the month P (:period) for the
-- rows of param_keys (region_code, name, and any other columns, passed
-- through): per row, the params row of that name for the longest prefix of
-- region_code (of the five units that can contain a code, each a
-- primary-key probe), then the latest effective_from <= P; else the
-- built-in default (param_defaults); NULL if neither has the name.
-- Columns: param_keys' columns, value_e6 (millionths).
-- Include it (-- include: lib/param_at.sql) in the WITH list after the
-- query's param_keys; the query declares period (queries/README.md).
param_at AS NOT MATERIALIZED (
    SELECT k.*,
           COALESCE((SELECT p.value_e6 FROM params p
                     WHERE p.name = k.name AND p.effective_from <= :period
                       AND p.region_code IN (k.region_code / 10000000000 * 10000000000,
                                             k.region_code / 100000000 * 100000000,
                                             k.region_code / 1000000 * 1000000,
                                             k.region_code / 1000 * 1000, k.region_code)
                     ORDER BY p.region_span, p.effective_from DESC LIMIT 1),
                    (SELECT d.value_e6 FROM param_defaults d WHERE d.name = k.name)) AS value_e6
    FROM param_keys k
),
