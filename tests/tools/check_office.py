#!/usr/bin/python3
"""Checks of the workbooks as LibreOffice Calc reads and prints them, for
tests/e2e/report_libreoffice.sh.  LibreOffice's own output is compared with
the workbook file (openpyxl) and with the engine's numbers.

Usage: check_office.py COMMAND ARGS...  (exit 1 with a message on failure)

  csv PREFIX XLSX [-- CHECK ARGS...]...
      LibreOffice exported each sheet of a workbook to PREFIX-SHEET.csv
      (soffice --convert-to csv with sheet -1; PREFIX is DIR/STEM of the file
      converted, normally XLSX itself).  Every sheet of XLSX has its CSV,
      and every cell of it holds what the file holds (text equal, numbers
      equal): a sheet LibreOffice dropped or cut short while repairing the
      file fails.  Then each CHECK of check_workbook.py (payments, indicators,
      scores, findings, ...) runs on the values LibreOffice read.
  same_numbers XLSX_A XLSX_B
      the two workbooks (one unit, zh and en) hold the same numbers in the
      same cells of the same sheets (by position).
  printed PDF XLSX [TABLE_PAGES]
      the PDF that LibreOffice printed from XLSX: no page blank but for its
      footer, no number shown as ###, and each native chart of XLSX on a page
      of its own, whole: its title, every category label of its axis, and no
      other chart's title nor the header of its table on that page.  A sheet
      with charts prints its table (on TABLE_PAGES pages when given), then
      its charts one a page, and the next sheet begins on the page after.
"""
import csv
import math
import os
import re
import subprocess
import sys
import zipfile

import openpyxl

import check_workbook as cw

fail = cw.fail


def lo_number(text):
    """A number as LibreOffice's CSV writes it (raw; percent with its sign)."""
    t = text.strip()
    if t.endswith("%"):
        return float(t[:-1]) / 100
    return float(t)


def same_number(a, b):
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def read_lo_sheet(path):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        fail(f"LibreOffice wrote no {os.path.basename(path)} (missing sheet or failed conversion)")
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def agrees(want, got):
    """LibreOffice's text got stands for the file's value want."""
    if want is None or got is None or isinstance(want, str):
        return want == got
    try:
        return same_number(lo_number(got), want)
    except ValueError:
        return False


def lo_workbook(prefix, path):
    """The workbook at path (openpyxl, cached values) with every cell's value
    replaced by the one LibreOffice exported to prefix-SHEET.csv, after
    checking that they agree."""
    wb = openpyxl.load_workbook(path, data_only=True)
    stem = os.path.basename(prefix)
    for ws in wb.worksheets:
        rows = read_lo_sheet(f"{prefix}-{ws.title}.csv")
        lo = {(r, c): v for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1) if v != ""}
        have = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row
                if c.value is not None and c.value != ""}
        for key in sorted(set(lo) | set(have)):
            want, got = have.get(key), lo.get(key)
            if not agrees(want, got):
                cell = f"{openpyxl.utils.get_column_letter(key[1])}{key[0]}"
                fail(f"{stem} {ws.title}!{cell}: the file holds {want!r}, LibreOffice read {got!r}")
            if not isinstance(want, str):
                n = lo_number(got)
                ws.cell(*key).value = int(n) if isinstance(want, int) else n
    return wb


def cmd_csv(prefix, path, *rest):
    wb = lo_workbook(prefix, path)
    # The checks of check_workbook.py load the workbook by name: hand them
    # LibreOffice's reading of it.
    cw.load = lambda p: wb if p == path else fail(f"unexpected workbook {p}")
    checks, cur = [], None
    for a in rest:
        if a == "--":
            cur = []
            checks.append(cur)
        elif cur is None:
            fail(f"expected -- before {a!r}")
        else:
            cur.append(a)
    for name, *args in checks:
        if name not in cw.COMMANDS:
            fail(f"no check {name!r}")
        cw.COMMANDS[name](path, *args)


def cmd_same_numbers(path_a, path_b):
    a = openpyxl.load_workbook(path_a, data_only=True)
    b = openpyxl.load_workbook(path_b, data_only=True)
    if len(a.worksheets) != len(b.worksheets):
        fail(f"{len(a.worksheets)} sheets against {len(b.worksheets)}")

    def numbers(ws):
        return {c.coordinate: c.value for row in ws.iter_rows() for c in row
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)}
    for wa, wb in zip(a.worksheets, b.worksheets):
        na, nb = numbers(wa), numbers(wb)
        if not na:
            fail(f"{wa.title}: no number at all")
        for k in sorted(set(na) | set(nb)):
            if k not in na or k not in nb or not same_number(na[k], nb[k]):
                fail(f"{wa.title}!{k} holds {na.get(k)!r}, {wb.title}!{k} {nb.get(k)!r}")


def pdf_pages(pdf):
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


FOOTER = re.compile(r"第\s*\d+\s*页，\s*共\s*\d+\s*页|Page\s+\d+\s+of\s+\d+")


def squeeze(s):
    return re.sub(r"\s+", "", s)


def cells_of(wb, ref):
    """The values of a range reference such as '趋势'!$A$5:$A$16."""
    m = re.fullmatch(r"'?(.+?)'?!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)", ref)
    if not m:
        fail(f"unexpected chart range {ref!r}")
    ws = wb[m.group(1).replace("''", "'")]
    rows = ws[f"{m.group(2)}{m.group(3)}:{m.group(4)}{m.group(5)}"]
    header = ws[f"{m.group(2)}{int(m.group(3)) - 1}"].value
    return ws, [str(r[0].value) for r in rows], header


def charts_of(path, wb):
    """(title, sheet, category labels, header of the category column) of each chart."""
    out = []
    with zipfile.ZipFile(path) as z:
        for n in sorted(z.namelist()):
            if not re.fullmatch(r"xl/charts/chart\d+\.xml", n):
                continue
            xml = z.read(n).decode("utf-8")
            title = "".join(re.findall(r"<a:t>([^<]*)</a:t>",
                                       xml.split("<c:title>")[1].split("</c:title>")[0]))
            ref = re.search(r"<c:cat>.*?<c:f>([^<]*)</c:f>", xml, re.S).group(1)
            ws, labels, header = cells_of(wb, ref)
            out.append((title, ws.title, labels, header))
    return out


def cmd_printed(pdf, path, table_pages=None):
    pages = pdf_pages(pdf)
    name = os.path.basename(pdf)
    if not pages:
        fail(f"{name}: no pages")
    for i, p in enumerate(pages, 1):
        if not FOOTER.sub("", p).strip():
            fail(f"{name}: page {i} is blank")
        if "###" in p:
            fail(f"{name}: page {i} shows ### (a number wider than its column)")
    wb = openpyxl.load_workbook(path, data_only=True)
    charts = charts_of(path, wb)
    if table_pages is not None and not charts:
        fail(f"{name}: no native chart in {os.path.basename(path)}")
    flat = [squeeze(p) for p in pages]
    seen = []
    for title, sheet, labels, header in charts:
        on = [i for i, p in enumerate(flat) if squeeze(title) in p]
        if len(on) != 1:
            fail(f"{name}: chart {title!r} on pages {[i + 1 for i in on]}, expected one page")
        i = on[0]
        seen.append(i)
        missing = [lab for lab in labels if lab not in flat[i]]
        if missing:
            fail(f"{name}: chart {title!r} on page {i + 1} but its axis labels {missing} are not"
                 " (cut across a page break)")
        others = [t for t, *_ in charts if t != title and squeeze(t) in flat[i]]
        if others:
            fail(f"{name}: page {i + 1} holds chart {title!r} and also {others}")
        tokens = {t.strip() for line in pages[i].splitlines() for t in re.split(r"\s{2,}", line)}
        if header in tokens:
            fail(f"{name}: page {i + 1} of chart {title!r} prints the table header {header!r}")
    if seen != sorted(seen):
        fail(f"{name}: charts printed out of order: pages {[i + 1 for i in seen]}")
    # The charts' sheet prints its table, then its charts on the pages right
    # after, and nothing more: the next page starts the next sheet.
    for sheet in dict.fromkeys(sh for _, sh, _, _ in charts):
        idx = wb.sheetnames.index(sheet)
        mine = [i for (_, sh, _, _), i in zip(charts, seen) if sh == sheet]
        if mine != list(range(mine[0], mine[0] + len(mine))):
            fail(f"{name}: the charts of {sheet} are on pages {[i + 1 for i in mine]}, not"
                 " one after the other")
        title = squeeze(str(wb.worksheets[idx]["A1"].value))
        first = max((i for i in range(mine[0]) if title in flat[i]), default=None)
        if first is None:
            fail(f"{name}: no page before the charts holds the title of {sheet}")
        end = mine[-1] + 1
        if idx + 1 < len(wb.sheetnames):
            after = squeeze(str(wb.worksheets[idx + 1]["A1"].value))
            if end == len(pages) or after not in flat[end]:
                fail(f"{name}: the sheet after {sheet} does not begin on page {end + 1}")
        elif end != len(pages):
            fail(f"{name}: {len(pages) - end} pages after the last chart")
        if table_pages is not None and mine[0] - first != int(table_pages):
            fail(f"{name}: the table of {sheet} prints on {mine[0] - first} pages,"
                 f" expected {table_pages}")
        print(f"{name}: sheet {sheet} on pages {first + 1}-{end}, its table on"
              f" {mine[0] - first} of them")
    print(f"{name}: {len(pages)} pages; charts on pages {[i + 1 for i in seen]}")


COMMANDS = {"csv": cmd_csv, "same_numbers": cmd_same_numbers, "printed": cmd_printed}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    COMMANDS[sys.argv[1]](*sys.argv[2:])
