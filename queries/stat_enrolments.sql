-- Statistics from the enrolments of a unit's households at a month, per
-- household region code (see statistic_defs.sql for the columns): per
-- category (the six tiers, dibao split urban/rural and tekun by care mode)
-- households and persons of enrolments active at end of P, new and ended
-- enrolments, for dibao the persons-weighted standard (standard(h, P)
-- summed over persons; denominator: persons with a standard) and the
-- persons denominator of the average benefit, and the tekun centralized
-- share.
-- Columns: region_code, statistic, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH hh AS (
    SELECT household_id, region_code, urban_rural FROM households
    WHERE region_code >= :region AND region_code < :region_end
),
-- The unit's enrolments with their statement category (cat); one look-up of
-- enrolments_household per household (the categories are tested on the rows
-- found: `category IN (...)` would make one look-up per category).
enr AS MATERIALIZED (
    SELECT household_id, region_code, id_number, start_date, end_date, cat,
           CASE WHEN start_date <= :period_end
                 AND (end_date IS NULL OR end_date >= :period_end) THEN 1 ELSE 0 END AS active
    FROM (SELECT e.household_id, hh.region_code, e.id_number, e.start_date, e.end_date,
                 CASE e.category
                     WHEN 'dibao' THEN 'dibao_' || hh.urban_rural
                     WHEN 'tekun' THEN CASE WHEN e.care_mode = 'centralized'
                                            THEN 'tekun_centralized' ELSE 'tekun_dispersed' END
                     WHEN 'edge' THEN 'edge' WHEN 'rigid' THEN 'rigid'
                     WHEN 'monitor' THEN 'monitor' WHEN 'other' THEN 'other' END AS cat
          FROM hh CROSS JOIN enrolments e WHERE e.household_id = hh.household_id) x
    WHERE cat IS NOT NULL
),
-- Per region code and category: households of active enrolments, and new
-- and ended enrolments (GROUP BY leaves both in region code and category
-- order).
hg AS MATERIALIZED (
    SELECT region_code, cat, COUNT(DISTINCT household_id) AS households
    FROM enr WHERE active = 1 GROUP BY region_code, cat
),
ne AS MATERIALIZED (
    SELECT region_code, cat,
           SUM(CASE WHEN start_date >= :period_start AND start_date <= :period_end
                    THEN 1 ELSE 0 END) AS n_new,
           SUM(CASE WHEN end_date >= :period_start AND end_date <= :period_end
                    THEN 1 ELSE 0 END) AS n_ended
    FROM enr
    WHERE (start_date >= :period_start AND start_date <= :period_end)
       OR (end_date >= :period_start AND end_date <= :period_end)
    GROUP BY region_code, cat
),
-- include: lib/gone.sql
-- Households with a household-scope enrolment active at end of P, per
-- category: the household's persons alive at P.end are its persons.
hs AS MATERIALIZED (
    SELECT DISTINCT household_id, region_code, cat FROM enr
    WHERE active = 1 AND id_number IS NULL
),
-- Per household and category, the distinct persons of the persons' own
-- active enrolments who are in that household and alive at P.end.
own AS MATERIALIZED (
    SELECT e.household_id, e.region_code, e.cat, COUNT(DISTINCT m.id_number) AS n
    FROM enr e CROSS JOIN persons m
    WHERE m.id_number = e.id_number AND m.household_id = e.household_id
      AND e.id_number IS NOT NULL AND e.active = 1
      AND (m.death_date IS NULL OR m.death_date > :period_end)
      AND m.id_number NOT IN (SELECT id_number FROM gone)
    GROUP BY e.household_id, e.region_code, e.cat
),
-- Distinct persons per region code and category.  A household of hs adds its
-- persons alive at P.end, counted rather than listed (a person is in one
-- household, so the households' counts add up to the distinct persons); own
-- adds its persons, and takes them off again where hs counts them already.
-- A dibao category also gets its standard at the region code (cat is the
-- standard's item; the other categories look up none), one look-up per row.
standard_keys AS (
    SELECT region_code, cat, CASE WHEN cat LIKE 'dibao%' THEN cat END AS item,
           SUM(n) AS persons
    FROM (SELECT hs.region_code, hs.cat,
                 (SELECT COUNT(*) FROM persons m
                  WHERE m.household_id = hs.household_id
                    AND (m.death_date IS NULL OR m.death_date > :period_end))
                   - CASE WHEN hs.household_id IN (SELECT household_id FROM gone_hh)
                          THEN (SELECT g.n FROM gone_hh g WHERE g.household_id = hs.household_id)
                          ELSE 0 END AS n
          FROM hs
          UNION ALL
          SELECT region_code, cat, n FROM own
          UNION ALL
          SELECT region_code, cat, -n FROM own
          WHERE (household_id, cat) IN (SELECT household_id, cat FROM hs)) p
    GROUP BY region_code, cat
    HAVING SUM(n) > 0
),
-- include: lib/standard_at.sql
pg AS MATERIALIZED (SELECT region_code, cat, persons, monthly_fen AS dibao_fen FROM standard_at)
SELECT region_code, cat || '_households' AS statistic, households AS numerator,
       CAST(NULL AS BIGINT) AS denominator
FROM hg
UNION ALL
SELECT region_code, cat || '_persons', persons, NULL FROM pg
UNION ALL
SELECT region_code, cat || '_new', n_new, NULL FROM ne WHERE n_new > 0
UNION ALL
SELECT region_code, cat || '_ended', n_ended, NULL FROM ne WHERE n_ended > 0
UNION ALL
-- Every person of a dibao category has the same standard: standard x persons
-- (no standard: empty sum, no persons with a standard).
SELECT region_code, cat || '_avg_standard_fen', dibao_fen * persons,
       CASE WHEN dibao_fen IS NULL THEN 0 ELSE persons END
FROM pg WHERE cat LIKE 'dibao%'
UNION ALL
SELECT region_code, cat || '_avg_benefit_fen', 0, persons FROM pg WHERE cat LIKE 'dibao%'
UNION ALL
-- 集中供养率: centralized persons over all tekun persons at end of P, the
-- statement's 集中人数 + 分散人数 (a person is in one care mode; one given
-- both at once would count in each column, and here in each part).
SELECT region_code, 'tekun_centralized_share',
       CASE WHEN cat = 'tekun_centralized' THEN persons ELSE 0 END, persons
FROM pg WHERE cat LIKE 'tekun%'
