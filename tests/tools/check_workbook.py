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
  statement FILE UNIT STATS_CSV INDICATORS_CSV
                                   社会救助情况月报表: every column of each child
                                   unit and the total equals the rows of the
                                   stat_* queries (STATS_CSV: `query stat_…`
                                   output, one header per query) added up to
                                   the unit; 合计 equals paid_month / paid_ytd
  special FILE UNIT STATS_CSV      专项救助 equals the stat_* rows, each item and
                                   the 小计 of all items
  changes FILE UNIT STATS_CSV      动态管理 equals the stat_* rows: new and ended
                                   per tier, 合计, and the 集中供养率
  english FILE                     no Chinese text left in the English workbook
                                   but unit names (divisions of $RELIEFSTAT_DB)
                                   and the findings' evidence
  indicators FILE INDICATORS_CSV   指标明细 equals `indicators --levels children`
  findings FILE SHEET FINDINGS_CSV the findings list equals `findings`: the R_/O_
                                   leads in the second section, every other code
                                   in the first; each 单位 is the name of the
                                   finding's unit in the divisions of
                                   $RELIEFSTAT_DB, else its code
  scores FILE INDICATORS_CSV SCHEME  得分汇总 equals a recomputation from the CSV
                                   (numerators and denominators, exact) and the
                                   scheme: each item's contribution rounded half
                                   up to 2 decimals, the total their sum, units
                                   short of the minimum share of weight shown as
                                   数据不足, unranked
  absent WORDS_FILE FILE...        no line of WORDS_FILE occurs in the files'
                                   XML (xlsx unzipped) or text
"""
import csv
import os
import re
import sqlite3
import sys
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

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
    "当月支出": ("paid_month", "numerator"),
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


def division_names():
    """{12-digit code: name} of the divisions in $RELIEFSTAT_DB."""
    with sqlite3.connect(os.environ["RELIEFSTAT_DB"]) as db:
        return {f"{c:012d}": n for c, n in db.execute("SELECT code, name FROM divisions")}


SIGNIFICANT = (2, 4, 6, 9, 12)  # digits of a region, prefecture, county, township, village


def significant(unit):
    """Significant digits of a 12-digit unit code."""
    return next(n for n in SIGNIFICANT if unit[n:] == "0" * (12 - n))


def unit_statistics(unit, stats_csv):
    """{shown unit name or '合计': {statistic: (numerator, denominator)}} from
    the rows of the stat_* queries (region_code, statistic, numerator,
    denominator), each added into the child unit of `unit` it belongs to and
    into the total: what the statement must show, worked out apart from the
    engine's rollup."""
    unit = unit.ljust(12, "0")
    own = significant(unit)
    cut = SIGNIFICANT[SIGNIFICANT.index(own) + 1]
    names = division_names()
    out = {}
    with open(stats_csv, encoding="utf-8-sig") as f:
        for r in csv.reader(f):
            if not r or r[0] == "region_code":
                continue
            code, stat, n, d = r[0].zfill(12), r[1], num(r[2]) or 0, num(r[3]) or 0
            if not code.startswith(unit[:own]):
                fail(f"{stats_csv}: row of {code} is outside {unit}")
            child = code[:cut].ljust(12, "0")
            for key in (names.get(child, child), "合计"):
                s = out.setdefault(key, {}).setdefault(stat, [0, 0])
                s[0] += n
                s[1] += d
    return out


def expected(stats, unit, spec):
    """The value of column spec for unit: (kind, statistics...) where kind is
    count (a count), fen (money shown in yuan) or ratio (Σnum / Σden of the
    one statistic; None when Σden = 0; in yuan for a statistic in fen)."""
    kind, fields = spec[0], spec[1:]
    got = stats.get(unit, {})
    if kind == "ratio":
        n, d = got.get(fields[0], (0, 0))
        return None if d == 0 else n / d / (100 if fields[0].endswith("_fen") else 1)
    total = sum(got.get(f, (0, 0))[0] for f in fields)
    return total / 100 if kind == "fen" else total


def check_columns(ws, anchor, stats, columns, extra=None):
    """Every (group, title) of columns in the two-level table of ws whose
    header holds anchor, for each row until the footer, equals expected();
    extra(name, vals, gc) checks more of each row.  Returns the rows' units."""
    hr, cols = find_table(ws, anchor)
    gc = grouped_columns(ws, hr)
    seen = []
    for vals in table_rows(ws, hr):
        name = vals[cols["单位"] - 1]
        if not name or str(name).startswith("单位负责人"):
            break
        seen.append(name)
        for key, spec in columns.items():
            if key not in gc:
                fail(f"{ws.title}: no column {key}")
            got, want = vals[gc[key] - 1], expected(stats, name, spec)
            if not close(got, want, 1e-9 if spec[0] == "ratio" else 0.005):
                fail(f"{ws.title} {name} {key}: {got!r}, the stat_ queries say {want!r}")
        if extra:
            extra(name, vals, gc)
    if not seen or seen[-1] != "合计":
        fail(f"{ws.title}: no rows, or the last is not the total: {seen}")
    missing = set(stats) - set(seen)
    if missing:
        fail(f"{ws.title} lacks units {sorted(missing)}")
    return seen


STATEMENT_COLUMNS = {
    **{(g, t): spec for g, c in (("城市低保", "dibao_urban"), ("农村低保", "dibao_rural"))
       for t, spec in (("户数", ("count", f"{c}_households")), ("人数", ("count", f"{c}_persons")),
                       ("当月支出", ("fen", f"{c}_paid_month_fen")),
                       ("累计支出", ("fen", f"{c}_paid_ytd_fen")),
                       ("平均标准", ("ratio", f"{c}_avg_standard_fen")),
                       ("月人均补助", ("ratio", f"{c}_avg_benefit_fen")))},
    ("特困供养", "集中人数"): ("count", "tekun_centralized_persons"),
    ("特困供养", "分散人数"): ("count", "tekun_dispersed_persons"),
    ("特困供养", "当月支出"): ("fen", "tekun_centralized_paid_month_fen",
                          "tekun_dispersed_paid_month_fen"),
    ("特困供养", "累计支出"): ("fen", "tekun_centralized_paid_ytd_fen",
                          "tekun_dispersed_paid_ytd_fen"),
    **{(g, t): ("count", f"{c}_{f}") for g, c in (
        ("低保边缘", "edge"), ("刚性支出困难", "rigid"), ("防止返贫监测对象", "monitor"),
        ("其他困难人员", "other")) for t, f in (("户数", "households"), ("人数", "persons"))},
    ("临时救助", "人次"): ("count", "temp_count"),
    ("临时救助", "当月支出"): ("fen", "temp_amount_fen"),
    ("临时救助", "累计支出"): ("fen", "temp_amount_ytd_fen"),
    ("合计", "当月支出"): ("fen", "all_paid_month_fen"),
    ("合计", "累计支出"): ("fen", "all_paid_ytd_fen"),
}


def cmd_statement(path, unit, stats_csv, csv_path):
    stats = unit_statistics(unit, stats_csv)
    ind, unit_name = indicator_map(csv_path)
    ws = sheet(load(path), "社会救助情况月报表")

    def all_items(name, vals, gc):
        # The statement's 合计 is the indicators' paid_month and paid_ytd,
        # which the engine computes from the ledger itself.
        key = unit_name if name == "合计" else name
        for title, code in (("当月支出", "paid_month"), ("累计支出", "paid_ytd")):
            got = vals[gc[("合计", title)] - 1]
            want = num(ind[(key, code)]["numerator"]) if (key, code) in ind else 0.0
            if not close(got, want):
                fail(f"社会救助情况月报表 {name} 合计 {title}: {got}, {code} says {want}")
    check_columns(ws, "集中人数", stats, STATEMENT_COLUMNS, all_items)


SPECIAL_ITEMS = (("医疗", "medical"), ("教育", "education"), ("住房", "housing"),
                 ("就业", "employment"), ("受灾", "disaster"), ("取暖", "heating"),
                 ("殡葬", "funeral"), ("其他", "other"))


def cmd_special(path, unit, stats_csv):
    stats = unit_statistics(unit, stats_csv)
    cols = {}
    for title, suffix, kind in (("人次", "count", "count"), ("当月支出", "paid_month_fen", "fen"),
                                ("累计支出", "paid_ytd_fen", "fen")):
        for group, item in SPECIAL_ITEMS:
            cols[(group, title)] = (kind, f"special_{item}_{suffix}")
        cols[("小计", title)] = (kind,) + tuple(f"special_{i}_{suffix}" for _, i in SPECIAL_ITEMS)
    check_columns(sheet(load(path), "专项救助"), "人次", stats, cols)


TIERS = (("城市低保", ("dibao_urban",)), ("农村低保", ("dibao_rural",)),
         ("特困", ("tekun_centralized", "tekun_dispersed")), ("低保边缘", ("edge",)),
         ("刚性支出困难", ("rigid",)), ("防止返贫监测对象", ("monitor",)),
         ("其他困难人员", ("other",)))


def cmd_changes(path, unit, stats_csv):
    stats = unit_statistics(unit, stats_csv)
    cols = {("特困", "集中供养率"): ("ratio", "tekun_centralized_share")}
    for title, suffix in (("新增户数", "new"), ("退出户数", "ended")):
        for group, cats in TIERS:
            cols[(group, title)] = ("count",) + tuple(f"{c}_{suffix}" for c in cats)
        cols[("合计", title)] = ("count",) + tuple(f"{c}_{suffix}" for _, cs in TIERS for c in cs)
    check_columns(sheet(load(path), "动态管理"), "集中供养率", stats, cols)


CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def cmd_english(path):
    """Every Chinese text of the English workbook is a unit's name (alone or
    in a title) or a finding's evidence (data, not a title)."""
    names = sorted(division_names().values(), key=len, reverse=True)
    checked = 0
    for ws in load(path).worksheets:
        evidence = set()
        for row in ws.iter_rows():
            for c in row:
                if c.value == "Evidence":
                    evidence.add(c.column)
                if not isinstance(c.value, str) or c.column in evidence:
                    continue
                checked += 1
                text = c.value
                for n in names:
                    text = text.replace(n, "")
                if CJK.search(text):
                    fail(f"{ws.title}!{c.coordinate}: untranslated text {c.value!r}")
    if checked == 0:
        fail("no text at all")


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


LEADS = ("R_", "O_")  # risk leads and outlying amounts: their own section


def cmd_findings(path, name, csv_path):
    want = read_csv(csv_path)
    ws = sheet(load(path), name)
    headers = [c.row for row in ws.iter_rows() for c in row if c.value == "问题代码"]
    if len(headers) != 2:
        fail(f"{name}: {len(headers)} tables with a 问题代码 header, expected 2 (findings, leads)")
    _, cols = find_table(ws, "问题代码")
    names = division_names()

    def key(code, unit, payment, household, application, amount):
        return (code, unit, payment or "", household or "", application or "",
                round(float(amount), 2) if amount not in (None, "") else None)
    sections = []
    for hr in headers:
        # Findings are the numbered rows (the total row has no 序号).
        rows = [v for v in table_rows(ws, hr) if isinstance(v[cols["序号"] - 1], int)]
        sections.append(sorted(key(v[cols["问题代码"] - 1], v[cols["单位"] - 1],
                                   v[cols["发放流水号"] - 1], v[cols["家庭编号"] - 1],
                                   v[cols["申请编号"] - 1], v[cols["金额"] - 1]) for v in rows))
    for i, (title, rows) in enumerate(zip(("findings", "leads"), sections)):
        exp = sorted(key(r["code"], names.get(r["region_code"], r["region_code"]),
                         r["payment_id"], r["household_id"], r["application_id"], r["amount"])
                     for r in want if r["code"].startswith(LEADS) == (i == 1))
        if rows != exp:
            diff = [x for x in exp if x not in rows][:3] + [x for x in rows if x not in exp][:3]
            fail(f"{name} {title}: {len(rows)} rows, the CSV {len(exp)}; differ e.g. {diff}")


def half_up(x):
    """x (a Fraction) rounded to 2 decimals, half up, as a Decimal."""
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def read_scheme(path):
    """(items {code: (weight, target, zero)} as Fractions, grades [(floor,
    label)] highest first, minimum share, short-of-data label)."""
    items, grades, minimum, short = {}, [], Fraction(0), None
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(line for line in f if not line.startswith("#")):
            if r["kind"] == "indicator":
                items[r["code"]] = tuple(Fraction(r[k]) for k in ("weight", "target", "zero"))
            elif r["kind"] == "grade":
                grades.append((Fraction(r["target"]), r["label_zh"]))
            elif r["kind"] == "minimum":
                minimum, short = Fraction(r["target"]), r["label_zh"]
    return items, sorted(grades, reverse=True), minimum, short


def cmd_scores(path, csv_path, scheme_path):
    """Recompute each unit's items and total from its own CSV rows (exact
    numerators and denominators) and the scheme."""
    ind, unit = indicator_map(csv_path)
    items, grades, minimum, short = read_scheme(scheme_path)
    all_weights = sum(w for w, _, _ in items.values())
    expected = {}
    for name in {n for n, _ in ind}:
        pts, wts = {}, Fraction(0)
        for code, (w, t, z) in items.items():
            row = ind.get((name, code))
            if row is None or row["value"] == "":
                continue
            f = (Fraction(row["numerator"]) / Fraction(row["denominator"]) - z) / (t - z)
            pts[code] = w * min(max(f, Fraction(0)), Fraction(1))
            wts += w
        shown = {c: half_up(100 * p / wts) for c, p in pts.items()}
        expected[name] = (shown, sum(shown.values()), wts / all_weights)
    ws = sheet(load(path), "得分汇总")
    hr, cols = find_table(ws, "按时发放")  # the lower row of the two-level header
    gc = grouped_columns(ws, hr)
    titles = {code: col for (g, t), col in gc.items() if g == "分项得分"
              for code in [SCORE_TITLES[t]]}
    if set(titles) != set(items):
        fail(f"得分汇总 shows the items {sorted(titles)}, the scheme has {sorted(items)}")
    rows = table_rows(ws, hr)
    got = {v[cols["单位"] - 1]: v for v in rows}
    for name, (shown, total, share) in expected.items():
        if name not in got:
            fail(f"得分汇总 lacks {name}")
        v = got[name]
        for code, col in titles.items():
            want = shown.get(code)
            if not close(v[col - 1], want, 1e-9):
                fail(f"得分汇总 {name} {code}: {v[col - 1]!r}, recomputed {want}")
        printed = sum(Decimal(str(v[c - 1])) for c in titles.values() if v[c - 1] is not None)
        if not close(v[cols["总分"] - 1], total, 1e-9) or printed != total:
            fail(f"得分汇总 {name}: total {v[cols['总分'] - 1]!r}, items add up to {printed},"
                 f" recomputed {total}")
        if not close(v[cols["有数据指标权重"] - 1], float(share), 1e-9):
            fail(f"得分汇总 {name}: weight with data {v[cols['有数据指标权重'] - 1]!r}, not {share}")
        enough = share >= minimum and shown
        grade = next(g for floor, g in grades if total >= floor) if enough else short
        if not shown:
            grade = None
        if v[cols["等级"] - 1] != grade:
            fail(f"得分汇总 {name}: grade {v[cols['等级'] - 1]!r}, expected {grade!r}")
        if not enough and v[cols["排名"] - 1] is not None:
            fail(f"得分汇总 {name}: ranked with data for {float(share):.0%} of the weight")
    if rows[-1][cols["单位"] - 1] != unit or rows[-1][cols["排名"] - 1] is not None:
        fail("得分汇总: the last row is not the unit itself, unranked")
    ranked = [v for v in rows[:-1] if v[cols["排名"] - 1] is not None]
    for v in ranked:
        above = sum(1 for x in ranked if x[cols["总分"] - 1] > v[cols["总分"] - 1])
        if v[cols["排名"] - 1] != above + 1:
            fail(f"得分汇总: {v[cols['单位'] - 1]} ranked {v[cols['排名'] - 1]}, {above} score more")
    if [v[cols["排名"] - 1] for v in ranked] != sorted(v[cols["排名"] - 1] for v in ranked):
        fail("得分汇总: the ranked units are not listed by rank")
    print(f"scores: {len(expected)} units, {len(ranked)} ranked")


# 得分汇总's item columns (group 分项得分) and the indicators they score.
SCORE_TITLES = {"按时发放": "pay_on_time", "足额发放": "pay_in_full", "问题资金": "finding_rate",
                "资金执行": "budget_execution", "配套到位": "matching_funds",
                "及时答复": "reply_in_time", "急难救助": "urgent_in_time",
                "全面排查": "review_coverage", "季度走访": "visit_coverage",
                "推送反馈": "referral_feedback", "预警处置": "warning_handled"}


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
            "statement": cmd_statement, "special": cmd_special, "changes": cmd_changes,
            "english": cmd_english,
            "indicators": cmd_indicators, "findings": cmd_findings, "scores": cmd_scores,
            "absent": cmd_absent}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    COMMANDS[sys.argv[1]](*sys.argv[2:])
