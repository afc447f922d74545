-- The households of a unit (家庭名册), with the head's ID masked, the
-- number of persons on the roster and the monthly income per person.
-- Columns: household_id, region_code, urban_rural, head_id_masked, members,
-- persons, income_pc_monthly_fen, assets_ok, registered_on ('YYYY-MM-DD').
-- param: region region   the unit
SELECT h.household_id, h.region_code, h.urban_rural, h.head_id AS head_id_masked,
       h.members,
       (SELECT COUNT(*) FROM persons p WHERE p.household_id = h.household_id) AS persons,
       h.income_pc_monthly_fen, h.assets_ok, fmt_date(h.registered_on) AS registered_on
FROM households h
WHERE h.region_code >= :region AND h.region_code < :region_end
ORDER BY h.region_code, h.household_id
