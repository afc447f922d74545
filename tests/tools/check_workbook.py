#!/usr/bin/python3
"""Checks of the report workbooks, for the end-to-end tests (openpyxl).

Usage: check_workbook.py COMMAND ARGS...  (exit 1 with a message on failure)

  sheets FILE NAME,NAME,...        the sheets, in order
  numeric FILE                     no number stored as text in any sheet; every
                                   numeric cell under a money or rate header has
                                   a number format
  merged FILE SHEET RANGE...       the ranges are merged cells of SHEET
  layout FILE SHEET                frozen panes, A4 landscape, fit to width,
                                   repeated header rows, page numbers
  autofilter FILE SHEET            SHEET has an autofilter
  payments FILE INDICATORS_CSV     资金发放情况 equals `indicators --levels children`
  statement FILE INDICATORS_CSV    社会救助情况月报表: dibao + tekun money of each unit
                                   equals paid_month / paid_ytd (for ledgers of
                                   dibao and tekun rows only, as in the fixture)
  indicators FILE INDICATORS_CSV   指标明细 equals `indicators --levels children`
  findings FILE SHEET FINDINGS_CSV the findings list equals `findings`; each 单位
                                   is the name of the finding's unit in the
                                   divisions of $RELIEFSTAT_DB, else its code
  scores FILE INDICATORS_CSV SCHEME  得分汇总 equals a recomputation from the CSV
  absent WORDS_FILE FILE...        no line of WORDS_FILE occurs in the files'
                                   XML (xlsx unzipped) or text
"""
import csv
import os
import re
import sqlite3
import sys
import zipfile

import openpyxl

NUMBER_TEXT = re.compile(r"^\s*[-+]?(\d[\d,]*)(\.\d+)?%?\s*$")
# Headers whose cells are identifiers: digits there are names, not numbers
# (under 单位, the code shown in the place of a name the divisions lack).
ID_HEADERS = {"家庭编号", "发放流水号", "申请编号", "Household", "Payment", "Application",
              "文件", "File", "SHA-256", "文件SHA-256", "File SHA-256", "项目", "Item",
              "值", "Value", "单位", "Unit"}


def fail(msg):
    print("FAIL:", msg, file=sys.stderr)
    sys.exit(1)


def load(path):
    return openpyxl.load_workbook(path)


def sheet(wb, name):
    if name not in wb.sheetnames:
        fail(f"no sheet {name!r} (have {wb.sheetnames})")
    return wb[name]


def find_table(ws, anchor):
    """(header_row, {title: column}) of the table whose header holds anchor."""
    for row in ws.iter_rows():
        for c in row:
            if c.value == anchor:
                r = c.row
                cols = {}
                for rr in (r - 1, r):
                    for cc in ws[rr]:
                        if isinstance(cc.value, str) and cc.value not in cols:
                            cols[cc.value] = cc.column
                for cc in ws[r]:
                    if isinstance(cc.value, str):
                        cols[cc.value] = cc.column
                return r, cols
    fail(f"{ws.title}: no header {anchor!r}")


def table_rows(ws, header_row):
    """The rows below a header until the first empty row, as lists of values."""
    out = []
    for r in range(header_row + 1, ws.max_row + 1):
        vals = [ws.cell(r, c).value for c in range(1, ws.max_column + 1)]
        if all(v is None for v in vals):
            break
        out.append(vals)
    return out


def close(a, b, tol=0.005):
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= tol


def read_csv(path):
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def num(s):
    return None if s in ("", None) else float(s)


# ------------------------------------------------------------------ commands

def cmd_sheets(path, names):
    want = names.split(",")
    got = load(path).sheetnames
    if got != want:
        fail(f"sheets {got}, expected {want}")


def cmd_numeric(path):
    wb = load(path)
    checked = 0
    for ws in wb.worksheets:
        headers = {}
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if isinstance(v, str) and not NUMBER_TEXT.match(v):
                    headers.setdefault(c.column, set()).add(v)
                if c.data_type == "s" and isinstance(v, str) and NUMBER_TEXT.match(v):
                    above = headers.get(c.column, set())
                    if not (above & ID_HEADERS):
                        fail(f"{ws.title}!{c.coordinate}: number stored as text {v!r}")
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    checked += 1
                    if isinstance(v, float) and v != int(v) and c.number_format == "General":
                        fail(f"{ws.title}!{c.coordinate}: {v} has no number format")
    if checked == 0:
        fail("no numeric cell at all")


def cmd_merged(path, name, *ranges):
    ws = sheet(load(path), name)
    have = {str(r) for r in ws.merged_cells.ranges}
    for r in ranges:
        if r not in have:
            fail(f"{name}: {r} is not merged (merged: {sorted(have)})")


def cmd_layout(path, name):
    ws = sheet(load(path), name)
    if not ws.freeze_panes:
        fail(f"{name}: no frozen panes")
    ps = ws.page_setup
    if str(ps.paperSize) != "9" or ps.orientation != "landscape":
        fail(f"{name}: page set-up {ps.paperSize} {ps.orientation}, expected A4 landscape")
    if not ws.sheet_properties.pageSetUpPr.fitToPage or str(ps.fitToWidth or 1) != "1":
        fail(f"{name}: not fitted to one page wide")
    if not ws.print_title_rows:
        fail(f"{name}: no repeated header rows")
    if "&P" not in (ws.oddFooter.center.text or ""):
        fail(f"{name}: no page number in the footer")


def cmd_autofilter(path, name):
    ws = sheet(load(path), name)
    if not ws.auto_filter.ref:
        fail(f"{name}: no autofilter")


def indicator_map(csv_path):
    """{(region_name, indicator): row} of an indicators CSV, and the unit's name."""
    rows = read_csv(csv_path)
    if not rows:
        fail(f"{csv_path}: no rows")
    return {(r["region_name"], r["indicator"]): r for r in rows}, rows[0]["region_name"]


PAYMENT_COLUMNS = {  # title -> (indicator, field)
    "应发笔数": ("pay_on_time", "denominator"), "按时笔数": ("pay_on_time", "numerator"),
    "按时发放率": ("pay_on_time", "value"), "足额笔数": ("pay_in_full", "numerator"),
    "足额发放率": ("pay_in_full", "value"), "发放差额": ("pay_shortfall", "numerator"),
    "年度下达资金": ("budget_execution", "denominator"), "累计支出": ("paid_ytd", "numerator"),
    "资金执行率": ("budget_execution", "value"),
}


def cmd_payments(path, csv_path):
    ind, unit = indicator_map(csv_path)
    ws = sheet(load(path), "资金发放情况")
    hr, cols = find_table(ws, "应发笔数")
    rows = table_rows(ws, hr)
    units = {name for name, _ in ind}
    seen = set()
    for vals in rows:
        name = vals[cols["单位"] - 1]
        key = unit if name == "合计" else name
        if key not in units:
            fail(f"资金发放情况: unit {name!r} not in the indicators CSV")
        seen.add(key)
        for title, (code, field) in PAYMENT_COLUMNS.items():
            got = vals[cols[title] - 1]
            want = num(ind[(key, code)][field])
            if not close(got, want, 1e-4 if field == "value" else 0.005):
                fail(f"资金发放情况 {name} {title}: {got!r}, indicators say {want!r}")
    if seen != units:
        fail(f"资金发放情况 lacks units {sorted(units - seen)}")
    if rows[-1][cols["单位"] - 1] != "合计":
        fail("资金发放情况: the last row is not the total")


def grouped_columns(ws, header_row):
    """{(group, title): column} of a two-level header whose lower row is header_row."""
    groups = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row == header_row - 1 and rng.max_row == header_row - 1:
            for c in range(rng.min_col, rng.max_col + 1):
                groups[c] = ws.cell(rng.min_row, rng.min_col).value
    return {(groups.get(c.column), c.value): c.column for c in ws[header_row]
            if isinstance(c.value, str)}


def cmd_statement(path, csv_path):
    ind, unit = indicator_map(csv_path)
    ws = sheet(load(path), "社会救助情况月报表")
    hr, cols = find_table(ws, "集中人数")
    gc = grouped_columns(ws, hr)
    checked = 0
    for vals in table_rows(ws, hr):
        name = vals[cols["单位"] - 1]
        if not name or str(name).startswith("单位负责人"):
            break
        key = unit if name == "合计" else name
        for title, code in (("当月支出", "paid_month"), ("累计支出", "paid_ytd")):
            got = sum(vals[gc[(g, title)] - 1] or 0 for g in ("城市低保", "农村低保", "特困供养"))
            want = num(ind[(key, code)]["numerator"]) if (key, code) in ind else 0.0
            if not close(got, want):
                fail(f"社会救助情况月报表 {name} {title}: {got}, {code} says {want}")
        checked += 1
    if checked == 0:
        fail("社会救助情况月报表 has no rows")


def cmd_indicators(path, csv_path):
    ind, _ = indicator_map(csv_path)
    ws = sheet(load(path), "指标明细")
    hr, cols = find_table(ws, "指标代码")
    rows = table_rows(ws, hr)
    if len(rows) < len(ind):
        fail(f"指标明细 has {len(rows)} rows, the CSV {len(ind)}")
    for vals in rows[:len(ind)]:
        key = (vals[cols["单位"] - 1], vals[cols["指标代码"] - 1])
        if key not in ind:
            fail(f"指标明细 row {key} not in the CSV")
        for title, field in (("分子", "numerator"), ("分母", "denominator"), ("指标值", "value")):
            got, want = vals[cols[title] - 1], num(ind[key][field])
            if not close(got, want, 1e-4 if field == "value" else 0.005):
                fail(f"指标明细 {key} {title}: {got!r}, the CSV says {want!r}")


def cmd_findings(path, name, csv_path):
    want = read_csv(csv_path)
    ws = sheet(load(path), name)
    hr, cols = find_table(ws, "问题代码")
    # Findings are the numbered rows (the total row has no 序号).
    rows = [v for v in table_rows(ws, hr) if isinstance(v[cols["序号"] - 1], int)]
    if len(rows) != len(want):
        fail(f"{name}: {len(rows)} findings, the CSV has {len(want)}")

    with sqlite3.connect(os.environ["RELIEFSTAT_DB"]) as db:
        names = {f"{c:012d}": n for c, n in db.execute("SELECT code, name FROM divisions")}

    def key(code, unit, payment, household, application, amount):
        return (code, unit, payment or "", household or "", application or "",
                round(float(amount), 2) if amount not in (None, "") else None)
    got = sorted(key(v[cols["问题代码"] - 1], v[cols["单位"] - 1], v[cols["发放流水号"] - 1],
                     v[cols["家庭编号"] - 1], v[cols["申请编号"] - 1], v[cols["金额"] - 1])
                 for v in rows)
    exp = sorted(key(r["code"], names.get(r["region_code"], r["region_code"]), r["payment_id"],
                     r["household_id"], r["application_id"], r["amount"]) for r in want)
    if got != exp:
        diff = [x for x in exp if x not in got][:3] + [x for x in got if x not in exp][:3]
        fail(f"{name}: findings differ from the CSV, e.g. {diff}")


def cmd_scores(path, csv_path, scheme_path):
    """Recompute each unit's total from its own CSV rows and the scheme."""
    ind, unit = indicator_map(csv_path)
    items = {}
    with open(scheme_path, encoding="utf-8") as f:
        for r in csv.DictReader(line for line in f if not line.startswith("#")):
            if r["kind"] == "indicator":
                items[r["code"]] = (float(r["weight"]), float(r["target"]), float(r["zero"]))
    expected = {}
    for name in {n for n, _ in ind}:
        pts = wts = 0.0
        for code, (w, t, z) in items.items():
            row = ind.get((name, code))
            if row is None or row["value"] == "":
                continue
            f = (float(row["value"]) - z) / (t - z)
            pts += w * min(max(f, 0.0), 1.0)
            wts += w
        expected[name] = 100 * pts / wts if wts else None
    ws = sheet(load(path), "得分汇总")
    hr, cols = find_table(ws, "总分")
    rows = table_rows(ws, hr)
    got = {v[cols["单位"] - 1]: v[cols["总分"] - 1] for v in rows}
    for name, score in expected.items():
        if name not in got:
            fail(f"得分汇总 lacks {name}")
        if not close(got[name], score, 0.01):
            fail(f"得分汇总 {name}: {got[name]!r}, recomputed {score!r}")
    if rows[-1][cols["单位"] - 1] != unit or rows[-1][cols["排名"] - 1] is not None:
        fail("得分汇总: the last row is not the unit itself, unranked")
    ranked = sorted((v[cols["排名"] - 1], -(v[cols["总分"] - 1] or 0)) for v in rows[:-1]
                    if v[cols["排名"] - 1] is not None)
    if [r for r, _ in ranked] and ranked != sorted(ranked, key=lambda x: (x[1], x[0])):
        fail(f"得分汇总: ranks do not follow scores: {ranked}")


def file_texts(path):
    if path.endswith(".xlsx"):
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                yield f"{path}:{n}", z.read(n).decode("utf-8", "replace")
    else:
        with open(path, encoding="utf-8", errors="replace") as f:
            yield path, f.read()


def cmd_absent(words_file, *paths):
    with open(words_file, encoding="utf-8") as f:
        words = [w.strip() for w in f if w.strip()]
    if not words:
        fail(f"{words_file} is empty")
    for p in paths:
        for where, text in file_texts(p):
            for w in words:
                if w in text:
                    fail(f"{where} contains {w!r}")


COMMANDS = {"sheets": cmd_sheets, "numeric": cmd_numeric, "merged": cmd_merged,
            "layout": cmd_layout, "autofilter": cmd_autofilter, "payments": cmd_payments,
            "statement": cmd_statement,
            "indicators": cmd_indicators, "findings": cmd_findings, "scores": cmd_scores,
            "absent": cmd_absent}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    COMMANDS[sys.argv[1]](*sys.argv[2:])
