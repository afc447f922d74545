#!/usr/bin/python3
"""Run every reading statement of the query catalogue on an SQLite store
(through `reliefstat query`) and on a PostgreSQL database holding the same
rows (through psql), and compare the CSV each prints, row for row.

The PostgreSQL side gets the statement as the store would run it: its
includes (`-- include: lib/NAME.sql`) spliced in and every :name parameter,
derived ones too (:period_start, :region_end ...: src/engine/catalog.c),
given to psql as a variable (psql replaces :name by the value's text).  The
values are computed here from the parameters' declared types, independently
of reliefstat's own code, so a wrong derivation there shows as a difference.
Rows are compared as sets of lines when the statement has no ORDER BY at its
end (SQL gives such rows in no defined order), else line for line.

Usage: catalogue.py RELIEFSTAT SQLITE_DB PG_URI QUERIES_DIR OUT_DIR
                    REGION PERIOD [NAME...]
Prints one line per statement (same / DIFFERS / FAILS on PostgreSQL) and
exits 1 if any is not the same.
"""
import calendar
import csv
import datetime
import io
import os
import re
import subprocess
import sys

PSQL = "/usr/lib/postgresql/15/bin/psql"
INCLUDE = re.compile(r"^-- include: (lib/[A-Za-z0-9_]+\.sql)\s*$", re.M)
PARAM = re.compile(r"^-- param: ([A-Za-z0-9_]+) ([a-z]+)", re.M)


def jdn(d):
    """Julian day number of a date (JDN 2440588 = 1970-01-01)."""
    return d.toordinal() + 1721425


def add_months(ym, n):
    y, m = divmod(ym // 100 * 12 + ym % 100 - 1 + n, 12)
    return y * 100 + m + 1


def derived(name, typ, text):
    """The parameter's value and its derived ones, as {name: text}."""
    if typ == "region":
        code = int(text.ljust(12, "0")) if len(text) < 12 else int(text)
        digits = len(text.rstrip("0")) if len(text) == 12 else len(text)
        level = next(k for k in (2, 4, 6, 9, 12) if digits <= k)
        return {name: code, name + "_end": code + 10 ** (12 - level)}
    if typ == "month":
        y, m = int(text[:4]), int(text[5:7])
        first = datetime.date(y, m, 1)
        last = datetime.date(y, m, calendar.monthrange(y, m)[1])
        jan = datetime.date(y, 1, 1)
        secs = lambda j: (j - 2440588) * 86400
        ym = y * 100 + m
        return {
            name: ym,
            name + "_start": jdn(first),
            name + "_end": jdn(last),
            name + "_year_start": y * 100 + 1,
            name + "_year_jdn": jdn(jan),
            name + "_end_ymd": y * 10000 + m * 100 + last.day,
            name + "_start_secs": secs(jdn(first)),
            name + "_end_secs": secs(jdn(last) + 1),
            name + "_year_start_secs": secs(jdn(jan)),
            name + "_first12": add_months(ym, -11),
            name + "_back12": add_months(ym, -12),
        }
    raise SystemExit(f"catalogue.py: parameter {name}: type {typ} not handled")


def expand(path, queries):
    text = open(path, encoding="utf-8").read()
    return INCLUDE.sub(lambda m: open(os.path.join(queries, m.group(1)), encoding="utf-8").read(), text)


def money(text):
    """A fen amount as `reliefstat query` prints it (base/output.c): yuan
    with 2 decimals, a fractional one rounded half away from zero."""
    if text == "":
        return text
    x = float(text)
    fen = int(x + 0.5) if x >= 0 else -int(-x + 0.5)
    return f"{'-' if fen < 0 else ''}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def as_output(text):
    """psql's CSV shown as `reliefstat query --unmasked` shows it: columns
    named *_fen in yuan under the name without _fen, and the {X_masked} of
    a finding's detail replaced by its column X_masked (engine.c)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    fen = [i for i, n in enumerate(rows[0]) if len(n) > 4 and n.endswith("_fen")]
    rows[0] = [n[:-4] if i in fen else n for i, n in enumerate(rows[0])]
    mentioned = {n: i for i, n in enumerate(rows[0]) if n.endswith("_masked")}
    detail = rows[0].index("detail") if "detail" in rows[0] else -1
    for r in rows[1:]:
        for i in fen:
            r[i] = money(r[i])
        if detail >= 0:  # a finding's {name_masked} ...: the value beside it
            r[detail] = re.sub(r"\{([a-z_]+_masked)\}",
                               lambda m: r[mentioned[m.group(1)]] if m.group(1) in mentioned else m.group(0),
                               r[detail])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().splitlines()


def sorted_unless_ordered(sql, lines):
    body = re.sub(r"--[^\n]*", "", sql).strip().rstrip(";")
    tail = body[body.rfind(")") + 1:] if ")" in body else body
    if re.search(r"\bORDER\s+BY\b", tail, re.I):
        return lines
    return lines[:1] + sorted(lines[1:])


def main(argv):
    rs, lite, uri, queries, out, region, period = argv[1:8]
    only = set(argv[8:])
    values = {"region": region, "period": period}
    bad = 0
    for file in sorted(os.listdir(queries)):
        name = file[:-4]
        if not file.endswith(".sql") or (only and name not in only):
            continue
        sql = expand(os.path.join(queries, file), queries)
        params = PARAM.findall(sql)
        if any(p not in values for p, _ in params):
            print(f"skip     {name} (parameters {', '.join(p for p, _ in params)})")
            continue
        args = [a for p, _ in params for a in ("-p", f"{p}={values[p]}")]
        env = dict(os.environ, RELIEFSTAT_DB=lite)
        a = subprocess.run([rs, "query", name, "--unmasked", "--format", "csv", *args], env=env,
                           capture_output=True, text=True)
        if a.returncode != 0:
            print(f"FAILS    {name} on SQLite: {a.stderr.strip()}")
            bad += 1
            continue
        pv = [a for p, t in params for k, v in derived(p, t, values[p]).items()
              for a in ("-v", f"{k}={v}")]
        b = subprocess.run([PSQL, "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", *pv, uri],
                           input=sql, capture_output=True, text=True)
        if b.returncode != 0:
            print(f"FAILS    {name} on PostgreSQL: " + "\n    ".join(b.stderr.strip().splitlines()[:3]))
            bad += 1
            continue
        la = sorted_unless_ordered(sql, a.stdout.splitlines())
        lb = sorted_unless_ordered(sql, as_output(b.stdout))
        for side, lines in (("lite", la), ("pg", lb)):
            with open(os.path.join(out, f"{name}.{side}.csv"), "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
        if la == lb:
            print(f"same     {name} ({len(la) - 1} rows)")
        else:
            print(f"DIFFERS  {name} ({len(la) - 1} rows on SQLite, {len(lb) - 1} on PostgreSQL)")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
