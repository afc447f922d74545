-- The divisions (行政区划) of a unit: the unit itself and every division
-- below it, with name, level and parent.
-- Columns: code, name, level, parent_code.
-- param: region region   the unit
SELECT code, name, level, parent_code FROM divisions
WHERE code >= :region AND code < :region_end
ORDER BY code
