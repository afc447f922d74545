-- gone, gone_hh: the persons a crosscheck 'death' row ends by P.end
-- (:period_end).  gone: their ID numbers (a few thousand).  gone_hh: per
-- household, how many of its persons alive by their own death_date are
-- among them, to subtract from the household's count of persons alive, so
-- that no person of the million needs a look-up of its own.
-- Include it (-- include: lib/gone.sql) in the WITH list; the query
-- declares period (queries/README.md).
gone AS MATERIALIZED (
    SELECT DISTINCT id_number FROM crosscheck
    WHERE source = 'death' AND COALESCE(event_date, matched_on) <= :period_end
),
gone_hh AS MATERIALIZED (
    SELECT m.household_id, COUNT(*) AS n
    FROM gone g CROSS JOIN persons m
    WHERE m.id_number = g.id_number AND (m.death_date IS NULL OR m.death_date > :period_end)
    GROUP BY m.household_id
),
