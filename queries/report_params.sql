-- Policy parameters in force at the month for the report unit and the
-- units inside it: per region and name the latest row not after the month,
-- then the built-in defaults (which apply where no row does).  A parameter
-- applies to a record by the record's own region code (indicators.md).
-- param: region region   the report unit
-- param: period month    the month reported on
SELECT p.name, p.region_code, p.effective_from, CAST(p.value_e6 AS DOUBLE PRECISION) / 1000000 AS value,
       'params' AS source
FROM params p
WHERE p.effective_from <= :period
  AND ((:region >= p.region_code AND :region < p.region_code + p.region_span)
       OR (p.region_code >= :region AND p.region_code < :region_end))
  AND p.effective_from = (SELECT max(q.effective_from) FROM params q
                          WHERE q.region_code = p.region_code AND q.name = p.name
                            AND q.effective_from <= :period)
UNION ALL
SELECT d.name, NULL, NULL, CAST(d.value_e6 AS DOUBLE PRECISION) / 1000000, 'default'
FROM param_defaults d
ORDER BY 1, 2 NULLS FIRST
