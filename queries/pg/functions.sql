-- The five SQL functions the catalogue's queries may call besides standard
-- SQL (queries/README.md), for PostgreSQL: the same results as the SQLite
-- store's, which src/engine/catalog.c registers from src/base/ (idnum.c,
-- parse.c, table.c's money_format).  Applied with the schema and again by
-- every `init` (CREATE OR REPLACE), as SQLite registers them on every
-- connection.  All are STRICT (NULL in, NULL out) and IMMUTABLE.
-- tests/e2e/pg_cluster.sh runs one query over some 4,000 inputs through
-- `reliefstat query` on SQLite and through psql here, and compares.

-- The Gregorian date of a Julian Day Number as (y, m, d), by the
-- arithmetic of parse.c's date_from_jdn (integer division truncates on
-- both); PostgreSQL's own 'J' format would agree within its range.
CREATE OR REPLACE FUNCTION rs_jdn_ymd(jdn bigint, OUT y bigint, OUT m bigint, OUT d bigint)
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    a bigint := jdn + 32044;
    b bigint := (4 * a + 3) / 146097;
    c bigint := a - 146097 * b / 4;
    dd bigint := (4 * c + 3) / 1461;
    e bigint := c - 1461 * dd / 4;
    mm bigint := (5 * e + 2) / 153;
BEGIN
    d := e - (153 * mm + 2) / 5 + 1;
    m := mm + 3 - 12 * (mm / 10);
    y := 100 * b + dd - 4800 + mm / 10;
END $$;

-- The Julian Day Number of y-m-d (parse.c's date_to_jdn).
CREATE OR REPLACE FUNCTION rs_ymd_jdn(y bigint, m bigint, d bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT d + (153 * (m + 12 * ((14 - m) / 12) - 3) + 2) / 5 + 365 * (y + 4800 - (14 - m) / 12)
           + (y + 4800 - (14 - m) / 12) / 4 - (y + 4800 - (14 - m) / 12) / 100
           + (y + 4800 - (14 - m) / 12) / 400 - 32045
$$;

-- Days in month m (1-12) of year y; 0 for a month out of range.
CREATE OR REPLACE FUNCTION rs_days_in_month(y bigint, m bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN m NOT BETWEEN 1 AND 12 THEN 0
                WHEN m = 2 THEN CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END
                WHEN m IN (4, 6, 9, 11) THEN 30
                ELSE 31 END
$$;

-- fmt_date(jdn): 'YYYY-MM-DD' (printf's %04d-%02d-%02d).
CREATE OR REPLACE FUNCTION fmt_date(jdn bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN y < 0 THEN '-' || lpad((-y)::text, 3, '0') ELSE lpad(y::text, 4, '0') END
           || '-' || lpad(m::text, 2, '0') || '-' || lpad(d::text, 2, '0')
      FROM rs_jdn_ymd(jdn)
$$;

-- fmt_yuan(fen): yuan with two decimals, '-' before a negative amount.
CREATE OR REPLACE FUNCTION fmt_yuan(fen bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN fen < 0 THEN '-' ELSE '' END
           || div(abs(fen::numeric), 100)::text || '.' || lpad(mod(abs(fen::numeric), 100)::text, 2, '0')
$$;

-- jdn_add_months(jdn, n): the same day n months later (earlier when n <
-- 0), clamped to that month's length (parse.c's date_add_months).
CREATE OR REPLACE FUNCTION jdn_add_months(jdn bigint, n bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT rs_ymd_jdn(ny, nm, least(d, rs_days_in_month(ny, nm)))
      FROM rs_jdn_ymd(jdn) AS j,
           LATERAL (SELECT j.y * 12 + j.m - 1 + n AS idx) AS i,
           LATERAL (SELECT CASE WHEN i.idx >= 0 THEN i.idx / 12 ELSE -((-i.idx + 11) / 12) END AS ny) AS yy,
           LATERAL (SELECT i.idx - yy.ny * 12 + 1 AS nm) AS mm
$$;

-- An ID number as idnum.c's idnum_analyse sees it: well formed (15 digits,
-- or 17 digits and a digit, X or x), the old 15-digit form, the check
-- character right (ISO 7064 MOD 11-2; false for the old form), the birth
-- date (19YY for the old form) and whether it is a real date of a
-- four-digit year.
CREATE OR REPLACE FUNCTION rs_idnum(id text, OUT well_formed boolean, OUT old_form boolean,
                                    OUT check_ok boolean, OUT birth_ymd bigint, OUT birth_ok boolean)
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    weight constant integer[] := '{7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2}';
    s integer := 0;
    y bigint;
    m bigint;
    d bigint;
BEGIN
    old_form := id ~ '^[0-9]{15}$';
    well_formed := old_form OR id ~ '^[0-9]{17}[0-9Xx]$';
    check_ok := false;
    birth_ok := false;
    IF NOT well_formed THEN
        RETURN;
    END IF;
    IF old_form THEN
        y := 1900 + substr(id, 7, 2)::bigint;
        m := substr(id, 9, 2)::bigint;
        d := substr(id, 11, 2)::bigint;
    ELSE
        FOR i IN 1..17 LOOP
            s := s + substr(id, i, 1)::integer * weight[i];
        END LOOP;
        check_ok := substr('10X98765432', s % 11 + 1, 1) = upper(substr(id, 18, 1));
        y := substr(id, 7, 4)::bigint;
        m := substr(id, 11, 2)::bigint;
        d := substr(id, 13, 2)::bigint;
    END IF;
    birth_ok := y BETWEEN 1000 AND 9999 AND d >= 1 AND d <= rs_days_in_month(y, m);
    birth_ymd := y * 10000 + m * 100 + d;
END $$;

-- id_birth_ymd(id): the birth date as yyyymmdd; NULL when the ID is not
-- well formed or its date is not a real one.
CREATE OR REPLACE FUNCTION id_birth_ymd(id text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN well_formed AND birth_ok THEN birth_ymd END FROM rs_idnum(id)
$$;

-- id_check_ok(id): 1 when an 18-character ID's check character is right,
-- 0 when not or the ID is malformed, NULL for the 15-digit form.
CREATE OR REPLACE FUNCTION id_check_ok(id text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN well_formed AND old_form THEN NULL
                WHEN well_formed AND check_ok THEN 1 ELSE 0 END
      FROM rs_idnum(id)
$$;
