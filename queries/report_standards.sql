-- Assistance standards in force at the month for the report unit and the
-- units inside it: per region and item the latest row not after the month.
-- param: region region   the report unit
-- param: period month    the month reported on
SELECT s.item, s.region_code, s.effective_from, s.monthly_fen
FROM standards s
WHERE s.effective_from <= :period
  AND ((:region >= s.region_code AND :region < s.region_code + s.region_span)
       OR (s.region_code >= :region AND s.region_code < :region_end))
  AND s.effective_from = (SELECT max(q.effective_from) FROM standards q
                          WHERE q.region_code = s.region_code AND q.item = s.item
                            AND q.effective_from <= :period)
ORDER BY s.item, s.region_code
