#!/usr/bin/python3
"""bench_profile: where the time of a slow reliefstat step goes, for the
profile section of `make bench` (run by hand or by scripts/bench.sh on the
database a bench run imported).

For every catalogue query of queries/*.sql that takes a region and a period
it times `reliefstat query NAME -p region=R -p period=P` (the same SQL,
parameters and connection the engine uses) and prints SQLite's EXPLAIN QUERY
PLAN, marking the plan lines that read a big table without a key (SCAN) or
that look a big table up by a region range inside a join loop (the pattern
that makes a query's cost grow with the square of the data).  With --perf
COMMAND... it also samples that command with `perf record -e cpu-clock`
and lists the hottest functions (perf's hardware counters are not available
on every virtual machine; the software clock is).

Usage: bench_profile.py --db DB --region R --period P [--out FILE]
                        [--perf reliefstat ARGS...]   (last)
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RS = os.path.join(ROOT, "build", "reliefstat")
BIG = ("payments", "persons", "households", "enrolments", "reviews", "applications")


def params_of(sql):
    """The declared parameter names of a catalogue query (-- param: lines)."""
    return re.findall(r"^--\s*param:\s*(\w+)", sql, re.M)


def strip_comments(sql):
    return "\n".join(l for l in sql.splitlines() if not l.lstrip().startswith("--"))


def time_query(db, name, region, period, runs):
    """(median seconds, rows) of `reliefstat query name`, or (None, error)."""
    env = dict(os.environ, RELIEFSTAT_DB=db, RELIEFSTAT_HOME=ROOT)
    walls, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run([RS, "query", name, "-p", f"region={region}", "-p",
                            f"period={period}", "--format", "csv"],
                           env=env, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - t0)
        if r.returncode != 0:
            return None, r.stderr.strip()[:200]
        out = r.stdout
    walls.sort()
    return walls[len(walls) // 2], max(0, out.count("\n") - 1)


def plan(db, sql):
    """EXPLAIN QUERY PLAN of sql (parameters unbound: plans do not depend on
    their values) as text lines, each suspicious one marked; the engine's
    one-argument SQL functions are replaced by abs() for the shell."""
    sql = strip_comments(sql).strip().rstrip(";")
    for _ in range(10):
        r = subprocess.run(["sqlite3", "-readonly", db], input=f"EXPLAIN QUERY PLAN\n{sql};\n",
                           capture_output=True, text=True, check=False)
        # the engine's own SQL functions (id_check_ok...) are unknown to the
        # shell; a stand-in of the same arity gives the same plan
        missing = re.search(r"no such function: (\w+)", r.stderr)
        if not missing:
            break
        sql = re.sub(r"\b%s\(" % missing.group(1), "abs(", sql)
    lines = (r.stdout or r.stderr).splitlines()
    out, loop_depth = [], None
    for l in lines:
        mark = ""
        depth = len(l) - len(l.lstrip("|` -"))
        if re.search(r"\bSCAN (%s)\b" % "|".join(BIG), l) and "COVERING" not in l:
            mark = "  <-- full scan of a big table"
        if re.search(r"\bSCAN (\w+)$", l.strip()) and loop_depth is None:
            loop_depth = depth
        elif loop_depth is not None and depth < loop_depth:
            loop_depth = None
        if (loop_depth is not None and depth == loop_depth and
                re.search(r"SEARCH (p|payments)\b.*region_code>\? AND region_code<\?", l)):
            mark = "  <-- range lookup inside a loop: cost ~ outer rows x range"
        out.append(l + mark)
    return out


def perf_top(cmd, db, n=15):
    """The n hottest symbols of cmd under perf's cpu-clock sampling."""
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "perf.data")
        env = dict(os.environ, RELIEFSTAT_DB=db, RELIEFSTAT_HOME=ROOT)
        r = subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-o", data] + cmd,
                           env=env, capture_output=True, text=True, check=False)
        if r.returncode != 0:
            return [f"perf record failed: {r.stderr.strip()[:200]}"]
        rep = subprocess.run(["perf", "report", "-i", data, "--no-children", "--stdio",
                              "--sort", "dso,sym", "--percent-limit", "1"],
                             capture_output=True, text=True, check=False)
        rows = [l for l in rep.stdout.splitlines() if l.strip() and not l.startswith("#")]
        return rows[:n]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--region", required=True)
    ap.add_argument("--period", required=True)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--out")
    argv = sys.argv[1:]
    perf_cmd = argv[argv.index("--perf") + 1:] if "--perf" in argv else None
    a = ap.parse_args(argv[:argv.index("--perf")] if perf_cmd is not None else argv)
    text = [f"reliefstat query profile: region {a.region}, period {a.period}, db {a.db}", ""]
    qdir = os.path.join(ROOT, "queries")
    rows = []
    for f in sorted(os.listdir(qdir)):
        if not f.endswith(".sql"):
            continue
        with open(os.path.join(qdir, f), encoding="utf-8") as fh:
            sql = fh.read()
        if set(params_of(sql)) != {"region", "period"}:
            continue
        name = f[:-4]
        secs, n = time_query(a.db, name, a.region, a.period, a.runs)
        rows.append((name, secs, n, plan(a.db, sql)))
        print(f"  {name}: {'failed: ' + n if secs is None else f'{secs:.3f} s, {n} rows'}",
              file=sys.stderr)
    rows.sort(key=lambda r: -(r[1] or 0))
    text.append(f"{'query':<22} {'seconds':>8} {'rows':>8}")
    for name, secs, n, _ in rows:
        text.append(f"{name:<22} {secs if secs is None else f'{secs:8.3f}'} {n:>8}")
    for name, secs, n, p in rows:
        text += ["", f"== {name} ({'failed' if secs is None else f'{secs:.3f} s'})"] + p
    if perf_cmd:
        cmd = perf_cmd[1:] if perf_cmd[:1] == ["--"] else perf_cmd
        text += ["", "== perf record -e cpu-clock: " + " ".join(cmd)] + perf_top(cmd, a.db)
    out = "\n".join(text) + "\n"
    if a.out:
        with open(a.out, "w", encoding="utf-8") as fh:
            fh.write(out)
    print(out)


if __name__ == "__main__":
    main()
