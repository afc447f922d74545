-- The outlier parameters (outlier_threshold, outlier_min_change) in force
-- in month P for every unit an outliers table of the unit can list: the
-- unit itself and each unit that contains a record code inside it
-- (record_units), looked up for the unit's own code (indicators.md
-- "Outliers": "both parameters looked up for U's own code").
-- Columns: region_code, name, value_e6 (millionths).
-- param: region region   the report unit
-- param: period month    the month judged (P)
WITH codes AS (
    SELECT region_code AS c FROM record_units
    WHERE region_code >= :region AND region_code < :region_end
),
units AS (
    SELECT :region AS region_code
    UNION SELECT c / 10000000000 * 10000000000 FROM codes
    UNION SELECT c / 100000000 * 100000000 FROM codes
    UNION SELECT c / 1000000 * 1000000 FROM codes
    UNION SELECT c / 1000 * 1000 FROM codes
    UNION SELECT c FROM codes
),
param_keys AS (
    SELECT u.region_code, n.name
    FROM units u
    CROSS JOIN (SELECT 'outlier_threshold' AS name UNION ALL SELECT 'outlier_min_change') n
    WHERE u.region_code >= :region
),
-- include: lib/param_at.sql
found AS (
    SELECT region_code, name, value_e6 FROM param_at
)
SELECT region_code, name, value_e6 FROM found ORDER BY region_code, name
