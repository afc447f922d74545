-- The catalogue's five SQL functions over some 4,000 generated inputs and
-- planted edges (tests/e2e/pg_cluster.sh runs it on both stores and
-- compares): ID numbers of both forms with every check character, real
-- and impossible birth dates (29 February of leap and other years, month
-- 13, day 0, years below 1000), malformed ones; Julian Day Numbers from
-- year 1 to 9999 with month steps of -30 .. +30 (month-end clamps); money
-- amounts of either sign.  Written in SQL both stores share (no printf,
-- no generate_series, no negative substr).
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 3999),
gen AS (
    SELECT i,
           CASE WHEN i % 9 = 0
                THEN '650102' || substr(CAST(100 + i % 100 AS TEXT), 2)
                     || substr(CAST(100 + i % 14 AS TEXT), 2) || substr(CAST(100 + (i * 7) % 33 AS TEXT), 2)
                     || substr(CAST(1000 + i % 1000 AS TEXT), 2)
                ELSE '652301'
                     || substr(CAST(10000 + CASE WHEN i % 10 = 1 THEN (i * 7) % 10000 ELSE 1900 + i % 130 END AS TEXT), 2)
                     || substr(CAST(100 + i % 14 AS TEXT), 2) || substr(CAST(100 + (i * 7) % 33 AS TEXT), 2)
                     || substr(CAST(1000 + i % 1000 AS TEXT), 2) || substr('0123456789Xx', 1 + i % 12, 1)
           END AS id,
           1722000 + (i * 9173) % 3650000 AS jdn,
           i % 61 - 30 AS months,
           CAST(i AS BIGINT) * i * 7919 - 60000000 AS amount
      FROM n
),
planted(i, id, jdn, months, amount) AS (
    VALUES (-1, '650102199001011239', 2460584, -24, 0),
           (-2, '11010519491231002X', 2460584, 5, -1),
           (-3, '11010519491231002x', 2460400, -1, -99),
           (-4, '110105194912310021', 2460401, 1, -100),
           (-5, '65230120000229456X', 2451604, 12, 99),
           (-6, '652301190002294563', 2415079, 1, 100),
           (-7, '65230121000229004X', 2488128, -12, 123456789),
           (-8, '652301202402301115', 2460371, 11, -123456789),
           (-9, '110105491231002', 2460583, 0, 9223372036854775807),
           (-10, '110105490229002', 2440588, 1, 1),
           (-11, '', 2440587, -1, -1),
           (-12, 'abc', 1721426, 1, 7),
           (-13, '65010219900101123', 5373484, -1, 70),
           (-14, '6501021990010112399', 2460584, 0, 700),
           (-15, '6501021990010112a9', 2460584, 0, -700),
           (-16, NULL, NULL, NULL, NULL),
           (-17, '650102199001011239', 2460584, NULL, NULL)
),
inputs AS (SELECT i, id, jdn, months, amount FROM gen UNION ALL SELECT i, id, jdn, months, amount FROM planted)
SELECT i, id, id_check_ok(id) AS check_ok, id_birth_ymd(id) AS birth,
       jdn, fmt_date(jdn) AS day, months, jdn_add_months(jdn, months) AS moved,
       fmt_date(jdn_add_months(jdn, months)) AS moved_day, fmt_yuan(amount) AS yuan
  FROM inputs
 ORDER BY i
