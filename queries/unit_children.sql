-- The child units of a unit (行政区划下级单位) from the divisions table:
-- townships of a county, counties of a prefecture, ...
-- Columns: code, name, level.
-- param: region region   the unit
SELECT code, name, level FROM divisions
WHERE parent_code = :region AND code >= :region AND code < :region_end
ORDER BY code
