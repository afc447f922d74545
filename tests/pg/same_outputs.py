#!/usr/bin/python3
"""same_outputs.py A B: the reports in folders A and B (one store's and the
other's) are the same: every workbook (.xlsx) has the same sheets with the
same cells (values), every PDF the same text (pdftotext).  What tells one
run from the other is aside: the manifest's rows of the run (created_at,
command) and of the store and output folder (parameters db, out), and
times of day (an import's time: the stores were loaded at different
moments).  Files are paired by name.
Prints what differs (at most 10 cells per workbook) and exits 1, else
prints what it compared and exits 0."""
import os
import re
import subprocess
import sys

import openpyxl


RUN_ROWS = {("运行", "created_at"), ("运行", "command"), ("参数", "db"), ("参数", "out")}
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}")


def run_row(row):
    """True if the row (cells) is one of the manifest's rows of the run."""
    v = [c.value for c in row if c.value is not None]
    return len(v) >= 2 and (v[0], v[1]) in RUN_ROWS


def cells(path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            if run_row(row):
                continue
            for c in row:
                if c.value is not None and not TIME.match(str(c.value)):
                    out[(ws.title, c.coordinate)] = c.value
    return [ws.title for ws in wb.worksheets], out


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], check=True,
                          capture_output=True).stdout


def main(a, b):
    bad = 0
    names = sorted(f for f in os.listdir(a) if f.endswith((".xlsx", ".pdf")))
    if not names or names != sorted(f for f in os.listdir(b) if f.endswith((".xlsx", ".pdf"))):
        print("same_outputs: different files: %s / %s" % (os.listdir(a), os.listdir(b)))
        return 1
    for n in names:
        pa, pb = os.path.join(a, n), os.path.join(b, n)
        if n.endswith(".pdf"):
            ta, tb = pdf_text(pa), pdf_text(pb)
            if ta != tb or not ta.strip():
                print("same_outputs: %s: the PDFs' text differs (or is empty)" % n)
                bad += 1
            else:
                print("same_outputs: %s: same text (%d bytes)" % (n, len(ta)))
            continue
        (sa, ca), (sb, cb) = cells(pa), cells(pb)
        diff = [k for k in sorted(set(ca) | set(cb)) if ca.get(k) != cb.get(k)]
        if sa != sb or diff or not ca:
            print("same_outputs: %s: sheets %s / %s, %d cells differ" % (n, sa, sb, len(diff)))
            for k in diff[:10]:
                print("  %s!%s: %r / %r" % (k[0], k[1], ca.get(k), cb.get(k)))
            bad += 1
        else:
            print("same_outputs: %s: %d sheets, %d cells the same" % (n, len(sa), len(ca)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
