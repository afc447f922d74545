-- The region codes inside a unit that any household, ledger row,
-- application or budget is coded at (from the record_units summary); the
-- engine lists these and every unit between them and the report unit.
-- Columns: region_code.
-- param: region region   the report unit
SELECT region_code FROM record_units
WHERE region_code >= :region AND region_code < :region_end
ORDER BY region_code
