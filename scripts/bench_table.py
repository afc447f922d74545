#!/usr/bin/python3
"""bench_table: turns the raw timings of scripts/bench.sh (one line per run:
scale, step, run, wall seconds, peak RSS KiB, status, note) into the results
of `make bench`: bench/results.txt (the machine, the region-scale table with
each reliefstat figure beside its baseline as a ratio and each target marked
met / NOT met, then the scaling table over county, prefecture and region),
bench/results.csv (the same, one row per scale and step) and
bench/scaling.dat (the medians per scale for bench/scaling.gp).

Usage: bench_table.py --raw RAW.csv --out DIR --runs N --root REPO
A target that is not met is reported, not turned into a failing exit status:
only steps that fail (bench.sh) fail the run.
"""
import argparse
import csv
import datetime
import os
import platform
import subprocess
import unicodedata

MIB = 1024
MEM_LIMIT_MIB = 1024  # peak memory under 1 GiB at every step

# (step, what it times, baseline step, how the ratio reads, target)
# A target is (kind, op, limit): ("s", "<=", 1.0) on the median seconds,
# ("ratio", "<=", 1.5) on step/baseline, ("speedup", ">=", 10) on
# baseline/step.
STEPS = [
    ("floor_import", "sqlite3 .import --csv (floor)", None, None),
    ("duckdb_load", "DuckDB read_csv of the same files (reference)", None, None),
    # issue 19: <= 3 x the floor (stretch 1.5 x)
    ("import", "reliefstat init + import", "floor_import", ("ratio", "<=", 3.0)),
    ("indicators_month", "indicators, every level, 2024-09", None, ("s", "<=", 1.0)),
    ("indicators_ytd", "indicators, every level, 2024-01..09", None, ("s", "<=", 3.0)),
    ("findings", "findings, region, 2024-09", None, ("s", "<=", 1.0)),
    ("report_monthly", "report monthly, 昌吉州", "pandas_monthly", ("speedup", ">=", 10.0)),
    ("pandas_monthly", "pandas + XlsxWriter statement", None, None),
    ("report_monthly_region", "report monthly, region", None, ("s", "<=", 1.0)),
    ("report_assessment", "report assessment, region", None, None),
    ("report_dashboard", "report dashboard alone, region", None, None),
    ("floor_month_import", "sqlite3 .import of a month's ledger", None, None),
    ("import_month", "import of one new month's ledger", "floor_month_import", ("ratio", "<=", 2.0)),
    ("floor_bank_import", "sqlite3 .import of a month's bank file", None, None),
    ("import_bank", "import of a month's bank file", "floor_bank_import", ("ratio", "<=", 2.0)),
    ("findings_bank", "findings, region, month with bank file", None, ("s", "<=", 3.0)),
    # issue 18: the same steps on one PostgreSQL 15 server
    ("pg_floor_copy", "PostgreSQL: psql \\copy into untyped tables (floor)", None, None),
    ("pg_import", "PostgreSQL: init + import", "pg_floor_copy", ("ratio", "<=", 2.0)),
    ("pg_indicators_month", "PostgreSQL: indicators, every level, 2024-09", None, ("s", "<=", 1.0)),
    ("pg_indicators_ytd", "PostgreSQL: indicators, every level, 2024-01..09", None, None),
    ("pg_findings", "PostgreSQL: findings, region, 2024-09", None, ("s", "<=", 5.0)),
    ("pg_import_month", "PostgreSQL: import of one new month's ledger", None, None),
    ("pg_report_monthly", "PostgreSQL: report monthly, 昌吉州", None, None),
    ("pg_report_assessment", "PostgreSQL: report assessment, region", None, ("s", "<=", 10.0)),
]
# Sums of steps with a target of their own.  The assessment template
# renders the workbook, the chart PNGs and the dashboard PDF in one run
# (report_templates/assessment.yaml), so that run alone is the "assessment
# pack plus dashboard"; the dashboard's own run is shown for information.
# The monthly routine (issue 19) is a new month's ledger, then the region's
# statement and its pack with the dashboard.
COMBINED = [
    ("assessment+dashboard", "assessment pack + dashboard",
     ("report_assessment",), ("s", "<=", 10.0)),
    ("monthly_routine", "monthly routine: month's ledger + region statement + pack",
     ("import_month", "report_monthly_region", "report_assessment"), ("s", "<=", 5.0)),
]
BASELINES = {"floor_import", "duckdb_load", "pandas_monthly", "floor_month_import",
             "floor_bank_import", "pg_floor_copy"}
SCALES = ["county", "prefecture", "region"]


def median(xs):
    """The median of a non-empty list of numbers."""
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def met(value, op, limit):
    """Whether value satisfies op ("<=" or ">=") limit."""
    return value <= limit if op == "<=" else value >= limit


def load(path):
    """{(scale, step): {"walls": [...], "rss": [...], "status": s, "note": n}}
    and {scale: data note}, from the raw CSV."""
    steps, data = {}, {}
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["step"] == "data":
                data[r["scale"]] = r["note"]
                continue
            if r["step"] == "load":
                data.setdefault("load", []).append(r["note"])
                continue
            e = steps.setdefault((r["scale"], r["step"]),
                                 {"walls": [], "rss": [], "status": "ok", "note": ""})
            if r["status"] == "ok":
                e["walls"].append(float(r["wall_s"]))
                e["rss"].append(int(r["maxrss_kb"]))
            else:
                e["status"], e["note"] = r["status"], r["note"]
    return steps, data


def summary(e):
    """(median, min, max, peak MiB) of a step's runs, or None when it did not
    run to the end."""
    if e is None or e["status"] != "ok" or not e["walls"]:
        return None
    w = e["walls"]
    return median(w), min(w), max(w), max(e["rss"]) / MIB


def judge(target, value, base):
    """(shown ratio or "", met / NOT met / "" ) for a target."""
    if target is None:
        return "", ""
    kind, op, limit = target
    if kind == "s":
        return "", "met" if met(value, op, limit) else "NOT met"
    if base is None:
        return "", "no baseline"
    ratio = value / base if kind == "ratio" else base / value
    return f"{ratio:.2f}x", "met" if met(ratio, op, limit) else "NOT met"


def target_text(target, baseline):
    if target is None:
        return ""
    kind, op, limit = target
    if kind == "s":
        return f"{op} {limit:g} s"
    if kind == "ratio":
        return f"{op} {limit:g}x the floor"
    return f"{op} {limit:g}x faster"


def machine(root):
    """A few lines on the machine, the code and the tools."""
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30

    def out(*cmd):
        try:
            return subprocess.run(cmd, cwd=root, capture_output=True, text=True,
                                  check=False).stdout.strip()
        except OSError:
            return "?"
    import pandas
    import xlsxwriter
    commit = out("git", "log", "-1", "--format=%h (%s)")
    dirty = " (with uncommitted changes)" if out("git", "status", "--porcelain", "-uno") else ""
    return [
        f"date      {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"machine   {cpu}, {os.cpu_count()} CPUs, {mem:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}",
        f"code      reliefstat {commit}{dirty}",
        f"tools     sqlite3 {out('sqlite3', '--version').split(' ')[0]}, pandas "
        f"{pandas.__version__}, XlsxWriter {xlsxwriter.__version__}, Python "
        f"{platform.python_version()}",
    ]


def rows_for(scale, steps):
    """The result rows of one scale: dicts with every results.csv column."""
    out = []
    for name, what, base_name, target in STEPS:
        e = steps.get((scale, name))
        s = summary(e)
        base = summary(steps.get((scale, base_name))) if base_name else None
        row = {"scale": scale, "step": name, "what": what, "runs": len(e["walls"]) if e else 0,
               "median_s": "", "min_s": "", "max_s": "", "peak_mib": "",
               "baseline": base_name or "", "baseline_median_s": f"{base[0]:.3f}" if base else "",
               "ratio": "", "target": target_text(target, base_name), "target_status": "",
               "memory_status": ""}
        if s is None:
            row["target_status"] = {"skip": "skipped", "fail": "FAILED",
                                    "timeout": "NOT met"}.get(e["status"] if e else "", "not run")
            row["note"] = e["note"] if e else ""
            if e and e["status"] == "timeout":
                row["median_s"] = "timeout"
        else:
            med, lo, hi, peak = s
            row.update(median_s=f"{med:.3f}", min_s=f"{lo:.3f}", max_s=f"{hi:.3f}",
                       peak_mib=f"{peak:.0f}", note="")
            row["ratio"], row["target_status"] = judge(target, med, base[0] if base else None)
            if name not in BASELINES:
                row["memory_status"] = "met" if peak < MEM_LIMIT_MIB else "NOT met"
        out.append(row)
    for combined in COMBINED:
        out.append(combined_row(steps, scale, combined))
    return out


def combined_row(steps, scale, combined):
    """The table row of a sum of steps (COMBINED) at one scale."""
    name, what, parts_of, target = combined
    parts = [summary(steps.get((scale, p))) for p in parts_of]
    row = {"scale": scale, "step": name, "what": what, "runs": "",
           "median_s": "", "min_s": "", "max_s": "", "peak_mib": "", "baseline": "",
           "baseline_median_s": "", "ratio": "", "target": target_text(target, None),
           "target_status": "not run", "memory_status": "", "note": ""}
    if any((steps.get((scale, p)) or {}).get("status") == "timeout" for p in parts_of):
        row.update(median_s="timeout", target_status="NOT met")
    elif all(parts):
        total = sum(p[0] for p in parts)
        row.update(median_s=f"{total:.3f}", peak_mib=f"{max(p[3] for p in parts):.0f}")
        row["target_status"] = judge(target, total, None)[1]
    return row


def width(text):
    """Display width of text: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


def pad(text, n, right=False):
    """text padded with spaces to display width n, on the left when right."""
    fill = " " * max(0, n - width(text))
    return fill + str(text) if right else str(text) + fill


def layout(lines, left):
    """Text lines of a table (first line the header) with the columns in
    left aligned left, the others right, and a rule under the header."""
    widths = [max(width(l[i]) for l in lines) for i in range(len(lines[0]))]
    text = []
    for k, l in enumerate(lines):
        text.append("  ".join(pad(c, widths[i], i not in left) for i, c in enumerate(l)).rstrip())
        if k == 0:
            text.append("-" * width(text[0]))
    return text


def table(rows):
    """The region-scale table as text lines."""
    head = ("step", "median s", "min s", "max s", "peak MiB", "baseline s", "ratio",
            "target", "time", "mem<1GiB")
    lines = [head]
    for r in rows:
        lines.append((r["what"], r["median_s"] or "-", r["min_s"] or "-", r["max_s"] or "-",
                      r["peak_mib"] or "-", r["baseline_median_s"] or "", r["ratio"],
                      r["target"], r["target_status"], r["memory_status"]))
    text = layout(lines, (0, 7, 8, 9))
    notes = [f"  {r['what']}: {r['note']}" for r in rows
             if r.get("note") and r["median_s"] in ("", "timeout")]
    return text + (["", "not measured:"] + notes if notes else [])


def ledger_rows(note):
    for part in note.split():
        if part.startswith("payments="):
            return int(part.split("=")[1])
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--runs", required=True)
    ap.add_argument("--root", required=True)
    a = ap.parse_args()
    steps, data = load(a.raw)
    scales = [s for s in SCALES if s in data]
    all_rows = [r for s in scales for r in rows_for(s, steps)]

    text = ["reliefstat benchmark (make bench)", ""] + machine(a.root)
    text.append(f"runs      {a.runs} per step; median reported; peak = max resident set")
    text.append("load      " + "; ".join(data.get("load", [])) +
                f" ({os.cpu_count()} CPUs shared with other work: expect noise)")
    text.append("")
    for s in scales:
        text.append(f"data {s:<10} {data[s]}")
    main_scale = scales[-1] if scales else None
    if main_scale:
        text += ["", f"== {main_scale} scale ==", ""]
        text += table([r for r in all_rows if r["scale"] == main_scale])
        missed = [r for r in all_rows if r["scale"] == main_scale and
                  ("NOT met" in (r["target_status"], r["memory_status"]))]
        text += ["", f"targets NOT met: {len(missed)}" +
                 (" (" + ", ".join(r["step"] for r in missed) + ")" if missed else "")]
    # the scaling table: medians per step and scale
    text += ["", "== scaling: median seconds (peak MiB) by scale ==", ""]
    names = [n for n, *_ in STEPS]
    head = ["step"] + scales
    lines = [head, ["ledger rows"] + [str(ledger_rows(data[s]) or "?") for s in scales]]
    for n in names:
        cells = [n]
        for s in scales:
            e = steps.get((s, n))
            sm = summary(e)
            cells.append(f"{sm[0]:.3f} ({sm[3]:.0f})" if sm else
                         {"timeout": "timeout", "fail": "FAILED"}.get(e["status"] if e else "", "-"))
        lines.append(cells)
    text += layout(lines, (0,))

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "results.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(text) + "\n")
    cols = ["scale", "step", "what", "runs", "median_s", "min_s", "max_s", "peak_mib",
            "baseline", "baseline_median_s", "ratio", "target", "target_status",
            "memory_status", "note"]
    with open(os.path.join(a.out, "results.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(all_rows)
    with open(os.path.join(a.out, "scaling.dat"), "w", encoding="utf-8") as f:
        f.write("scale ledger_rows " + " ".join(names) + "\n")
        for s in scales:
            meds = [summary(steps.get((s, n))) for n in names]
            f.write(f"{s} {ledger_rows(data[s]) or 'NaN'} " +
                    " ".join(f"{m[0]:.3f}" if m else "NaN" for m in meds) + "\n")
    print("\n".join(text))


if __name__ == "__main__":
    main()
