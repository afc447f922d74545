-- Statistics from the enrolments of a unit's households at a month, per
-- household region code (see statistic_defs.sql for the columns): per
-- category households and persons of enrolments active at end of P, new and
-- ended enrolments, and for dibao the persons-weighted standard
-- (standard(h, P) summed over persons; denominator: persons with a
-- standard) and the persons denominator of the average benefit.
-- Columns: region_code, statistic, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH hh AS (
    SELECT household_id, region_code, urban_rural FROM households
    WHERE region_code >= :region AND region_code < :region_end
),
enr AS (
    SELECT e.household_id, e.id_number, e.start_date, e.end_date, hh.region_code,
           hh.urban_rural,
           CASE e.category
               WHEN 'dibao' THEN 'dibao_' || hh.urban_rural
               WHEN 'tekun' THEN CASE WHEN e.care_mode = 'centralized' THEN 'tekun_centralized'
                                      ELSE 'tekun_dispersed' END
               ELSE e.category END AS cat
    FROM enrolments e JOIN hh ON hh.household_id = e.household_id
    WHERE e.category IN ('dibao', 'tekun', 'edge', 'rigid', 'monitor')
),
active AS (
    SELECT * FROM enr
    WHERE start_date <= :period_end AND (end_date IS NULL OR end_date >= :period_end)
),
members AS (
    SELECT DISTINCT a.region_code, a.urban_rural, a.cat, m.id_number
    FROM active a
    JOIN persons m ON m.household_id = a.household_id
                  AND (a.id_number IS NULL OR m.id_number = a.id_number)
    WHERE (m.death_date IS NULL OR m.death_date > :period_end)
      AND NOT EXISTS (SELECT 1 FROM crosscheck c
                      WHERE c.id_number = m.id_number AND c.source = 'death'
                        AND COALESCE(c.event_date, c.matched_on) <= :period_end)
),
-- MATERIALIZED: once per (region code, urban_rural), not per member row.
std AS MATERIALIZED (
    SELECT c.region_code, c.urban_rural,
           (SELECT s.monthly_fen FROM standards s
            WHERE s.item = 'dibao_' || c.urban_rural AND s.effective_from <= :period
              AND s.region_code IN (c.region_code / 10000000000 * 10000000000,
                                    c.region_code / 100000000 * 100000000,
                                    c.region_code / 1000000 * 1000000,
                                    c.region_code / 1000 * 1000, c.region_code)
            ORDER BY s.region_span, s.effective_from DESC LIMIT 1) AS dibao_fen
    FROM (SELECT DISTINCT region_code, urban_rural FROM members WHERE cat LIKE 'dibao%') c
)
SELECT region_code, cat || '_households' AS statistic, COUNT(DISTINCT household_id) AS numerator,
       NULL AS denominator
FROM active GROUP BY region_code, cat
UNION ALL
SELECT region_code, cat || '_persons', COUNT(*), NULL FROM members GROUP BY region_code, cat
UNION ALL
SELECT region_code, cat || '_new', COUNT(*), NULL FROM enr
WHERE start_date >= :period_start AND start_date <= :period_end GROUP BY region_code, cat
UNION ALL
SELECT region_code, cat || '_ended', COUNT(*), NULL FROM enr
WHERE end_date >= :period_start AND end_date <= :period_end GROUP BY region_code, cat
UNION ALL
-- CROSS JOIN keeps members outside: each looks its standard up in std's
-- few thousand rows, where SQLite would index the million members.
SELECT m.region_code, m.cat || '_avg_standard_fen', SUM(s.dibao_fen), COUNT(s.dibao_fen)
FROM members m CROSS JOIN std s
    ON s.region_code = m.region_code AND s.urban_rural = m.urban_rural
WHERE m.cat LIKE 'dibao%' GROUP BY m.region_code, m.cat
UNION ALL
SELECT region_code, cat || '_avg_benefit_fen', 0, COUNT(*) FROM members
WHERE cat LIKE 'dibao%' GROUP BY region_code, cat
